// Interrupt mask helpers for VexRiscv in LiteX, and the CFU enable bit.
//
// VexRiscv's CSR 0xBC0 is both LiteX's external IRQ mask (bits [30:0]) and
// the CFU enable (bit 31). The CFU is disabled at reset and a CFU instruction
// then traps as illegal. LiteX's own irq_setmask() writes the CSR whole and
// would switch the CFU off; these helpers change only the bits they own.
#ifndef FIRMWARE_INCLUDE_IRQ_H_
#define FIRMWARE_INCLUDE_IRQ_H_

#include <stdbool.h>
#include <stdint.h>

#include "riscv_csr.h"

#define IRQ_MASK_BITS (~VEXRISCV_CFU_ENABLE_BIT)

// Returns the external interrupt mask (bit 31, the CFU enable, reads as 0).
static inline uint32_t irq_getmask(void) {
  return riscv_csr_read(VEXRISCV_CSR_IRQ_MASK) & IRQ_MASK_BITS;
}

// Sets the external interrupt mask to `mask`, keeping the CFU enable bit.
// Two single-bit-class updates (csrc, then csrs) instead of a whole write.
static inline void irq_setmask(uint32_t mask) {
  riscv_csr_clear(VEXRISCV_CSR_IRQ_MASK, IRQ_MASK_BITS & ~mask);
  riscv_csr_set(VEXRISCV_CSR_IRQ_MASK, IRQ_MASK_BITS & mask);
}

static inline uint32_t irq_pending(void) {
  return riscv_csr_read(VEXRISCV_CSR_IRQ_PENDING);
}

// Machine-mode global interrupt enable (mstatus.MIE).
static inline void irq_setie(bool enable) {
  if (enable) {
    riscv_csr_set(RISCV_CSR_MSTATUS, 1u << 3);
  } else {
    riscv_csr_clear(RISCV_CSR_MSTATUS, 1u << 3);
  }
}

static inline void cfu_enable(void) {
  riscv_csr_set(VEXRISCV_CSR_IRQ_MASK, VEXRISCV_CFU_ENABLE_BIT);
}

static inline bool cfu_enabled(void) {
  return (riscv_csr_read(VEXRISCV_CSR_IRQ_MASK) & VEXRISCV_CFU_ENABLE_BIT) != 0;
}

#endif  // FIRMWARE_INCLUDE_IRQ_H_
