// Access to RISC-V control and status registers (CSRs) by number.
//
// The CSR number must be a compile-time constant because it is encoded in the
// instruction itself; hence macros, not functions.
#ifndef FIRMWARE_INCLUDE_RISCV_CSR_H_
#define FIRMWARE_INCLUDE_RISCV_CSR_H_

#include <stdint.h>

#define RISCV_CSR_MSTATUS 0x300
#define RISCV_CSR_MIE 0x304
#define RISCV_CSR_MTVEC 0x305
#define RISCV_CSR_MEPC 0x341
#define RISCV_CSR_MCAUSE 0x342
#define RISCV_CSR_MTVAL 0x343
#define RISCV_CSR_MIP 0x344
#define RISCV_CSR_MCYCLE 0xB00
#define RISCV_CSR_MCYCLEH 0xB80
#define RISCV_CSR_MINSTRET 0xB02
#define RISCV_CSR_MINSTRETH 0xB82
// User-level counters: PicoRV32 (built with -D__picorv32__) has these and no mcycle.
#define RISCV_CSR_CYCLE 0xC00
#define RISCV_CSR_CYCLEH 0xC80

// VexRiscv (as configured by LiteX) keeps two unrelated things in CSR 0xBC0:
// bits [30:0] are the external interrupt mask, bit 31 enables the CFU.
// See irq.h; never write this CSR whole.
#define VEXRISCV_CSR_IRQ_MASK 0xBC0
#define VEXRISCV_CSR_IRQ_PENDING 0xFC0
#define VEXRISCV_CFU_ENABLE_BIT 0x80000000u

#define RISCV_STRINGIFY_(x) #x
#define RISCV_STRINGIFY(x) RISCV_STRINGIFY_(x)

#define riscv_csr_read(csr)                                           \
  ({                                                                  \
    uint32_t riscv_csr_value_;                                        \
    __asm__ volatile("csrr %0, " RISCV_STRINGIFY(csr)                 \
                     : "=r"(riscv_csr_value_));                       \
    riscv_csr_value_;                                                 \
  })

#define riscv_csr_write(csr, value) \
  __asm__ volatile("csrw " RISCV_STRINGIFY(csr) ", %0" ::"r"((uint32_t)(value)))

// Atomic read-set / read-clear: the only safe way to touch single bits of a
// CSR that also holds bits owned by someone else (0xBC0).
#define riscv_csr_set(csr, bits) \
  __asm__ volatile("csrs " RISCV_STRINGIFY(csr) ", %0" ::"r"((uint32_t)(bits)))
#define riscv_csr_clear(csr, bits) \
  __asm__ volatile("csrc " RISCV_STRINGIFY(csr) ", %0" ::"r"((uint32_t)(bits)))

#endif  // FIRMWARE_INCLUDE_RISCV_CSR_H_
