// Reset entry and trap entry.
//
// The image is a flat binary loaded at the start of main_ram and entered at its
// first byte (docs/contracts.md), so _start must be the first thing in .text:
// the linker script places .text.start first.

  .section .text.start, "ax"
  .globl _start
_start:
  // gp-relative addressing is set up before anything can use it; relaxation
  // must not turn this very load into a gp-relative one.
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack_top
#ifndef __picorv32__
  // Traps run on their own stack (swapped in through mscratch), so a trap
  // caused by a corrupt sp can still be reported. PicoRV32 built without IRQ
  // support has neither CSR: a trap halts it, nothing can report it.
  la t0, __trap_stack_top
  csrw mscratch, t0
  la t0, trap_entry
  csrw mtvec, t0
#endif
  // picolibc's errno and friends are thread-local; tp points at the one TLS
  // block, which the linker script places in RAM (.tdata is loaded in place).
  la tp, __tls_base
  // Zero .tbss and .bss (contiguous in the linker script), a word at a time.
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  call fw_start
  // fw_start does not return; stop here if it ever does.
3:
  j 3b

// Every trap is fatal in this runtime (no interrupts are enabled), so the
// entry saves the registers for the report and never returns.
  .section .text.trap, "ax"
  .balign 4
  .globl trap_entry
trap_entry:
  csrrw sp, mscratch, sp
  addi sp, sp, -32*4
  // Frame: x1..x31 at index 1..31, index 0 holds the interrupted sp.
  sw x1, 1*4(sp)
  sw x3, 3*4(sp)
  sw x4, 4*4(sp)
  sw x5, 5*4(sp)
  sw x6, 6*4(sp)
  sw x7, 7*4(sp)
  sw x8, 8*4(sp)
  sw x9, 9*4(sp)
  sw x10, 10*4(sp)
  sw x11, 11*4(sp)
  sw x12, 12*4(sp)
  sw x13, 13*4(sp)
  sw x14, 14*4(sp)
  sw x15, 15*4(sp)
  sw x16, 16*4(sp)
  sw x17, 17*4(sp)
  sw x18, 18*4(sp)
  sw x19, 19*4(sp)
  sw x20, 20*4(sp)
  sw x21, 21*4(sp)
  sw x22, 22*4(sp)
  sw x23, 23*4(sp)
  sw x24, 24*4(sp)
  sw x25, 25*4(sp)
  sw x26, 26*4(sp)
  sw x27, 27*4(sp)
  sw x28, 28*4(sp)
  sw x29, 29*4(sp)
  sw x30, 30*4(sp)
  sw x31, 31*4(sp)
  csrr t0, mscratch
  sw t0, 0*4(sp)
  sw t0, 2*4(sp)
  // Re-arm mscratch so that a trap inside the handler still gets a good stack.
  la t0, __trap_stack_top
  csrw mscratch, t0
  mv a0, sp
  call trap_handler
4:
  j 4b
