# CFU instructions on PicoRV32 through the PCPI bridge (tests/test_fpga_pcpi_bridge.py checks the OUT lines).
# Covers back-to-back CFU ops, a CFU op reading a loaded value, one next to a taken branch, an M-extension
# op (answered by PicoRV32's own co-processor, not the bridge) and a stateful op that shows a double issue.
    .section .text
    .globl _start
_start:
    li    s0, 0x10000000          # OUT port; EXIT at +4
    li    t0, 5
    li    t1, 7
    .insn r 0x0B, 0, 0, a0, t0, t1      # 12
    .insn r 0x0B, 0, 0, a1, a0, t1      # back to back, uses a0: 19
    sw    a0, 0(s0)
    sw    a1, 0(s0)
    .insn r 0x0B, 1, 0x55, a2, t0, t1   # (5 ^ 7) + 0x55
    sw    a2, 0(s0)
    la    t2, value
    lw    t3, 0(t2)
    .insn r 0x0B, 0, 0, a3, t3, t0      # loaded value + 5
    sw    a3, 0(s0)
    mul   a4, t0, t1                    # 35, not a CFU instruction
    sw    a4, 0(s0)
    .insn r 0x0B, 3, 0, zero, zero, zero    # acc = 0
    li    t4, 1
    li    t5, 11
loop:
    .insn r 0x0B, 2, 0, a5, t4, zero    # acc += t4
    addi  t4, t4, 1
    bne   t4, t5, loop
    sw    a5, 0(s0)                     # 1 + 2 + ... + 10 = 55
    .insn r 0x0B, 2, 0, a5, zero, zero
    beq   a5, a5, taken
    .insn r 0x0B, 2, 0, a5, t5, zero    # skipped: must not reach the CFU
taken:
    .insn r 0x0B, 2, 0, a6, zero, zero  # still 55
    sw    a6, 0(s0)
    .insn r 0x0B, 7, 0, a7, t0, t1      # unused slot: 0
    sw    a7, 0(s0)
    sw    zero, 4(s0)
    .balign 4
value:
    .word 0x12345678
