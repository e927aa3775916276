// Cycle counter access: the CPU's 64-bit mcycle, exact cycles.
#ifndef FIRMWARE_INCLUDE_PERF_H_
#define FIRMWARE_INCLUDE_PERF_H_

#include <stdint.h>

#include "riscv_csr.h"

// PicoRV32 has no mcycle/mcycleh (an illegal instruction that halts it): it
// counts the same clock cycles in cycle/cycleh (rdcycle, rdcycleh).
#ifdef __picorv32__
#define PERF_CSR_CYCLE RISCV_CSR_CYCLE
#define PERF_CSR_CYCLEH RISCV_CSR_CYCLEH
#else
#define PERF_CSR_CYCLE RISCV_CSR_MCYCLE
#define PERF_CSR_CYCLEH RISCV_CSR_MCYCLEH
#endif

// Reads mcycle as one 64-bit value on a 32-bit CPU. The high word is read
// before and after the low word; if it changed, the low word wrapped between
// the reads and the pair is retried, so the result is never off by 2^32.
static inline uint64_t perf_get_mcycle64(void) {
  uint32_t hi;
  uint32_t lo;
  uint32_t hi_again;
  do {
    hi = riscv_csr_read(PERF_CSR_CYCLEH);
    lo = riscv_csr_read(PERF_CSR_CYCLE);
    hi_again = riscv_csr_read(PERF_CSR_CYCLEH);
  } while (hi != hi_again);
  return ((uint64_t)hi << 32) | lo;
}

// The low word alone: enough for intervals under 2^32 cycles, and cheaper.
static inline uint32_t perf_get_mcycle(void) {
  return riscv_csr_read(PERF_CSR_CYCLE);
}

#endif  // FIRMWARE_INCLUDE_PERF_H_
