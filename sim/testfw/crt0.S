/* Start-up of the toolkit's own test firmware: stack, trap vector, CFU enable, bss, main, exit. */
    .section .text.start
    .global _start
_start:
    la      sp, _stack_top
    la      t0, trap_entry
    csrw    mtvec, t0
    li      t0, 0x80000000          /* CSR 0xBC0 bit 31 enables the CFU (docs/interfaces.md, "Facts about the dependencies") */
    csrs    0xBC0, t0
    la      t0, _bss_start
    la      t1, _bss_end
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:  call    main
    call    fw_exit
3:  j       3b

    .align  4
trap_entry:
    csrr    a0, mcause
    csrr    a1, mepc
    call    on_trap
4:  j       4b
