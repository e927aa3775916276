// Includes LiteX's generated CSR accessors with our own bus access functions.
//
// generated/csr.h expects LiteX's libbase (hw/common.h, system.h). We do not
// link libbase: defining CSR_ACCESSORS_DEFINED and the two functions below is
// all the generated header needs. CSRs are 32-bit aligned words here
// (CONFIG_CSR_DATA_WIDTH 32), so one volatile word access per register.
#ifndef FIRMWARE_INCLUDE_SOC_CSR_H_
#define FIRMWARE_INCLUDE_SOC_CSR_H_

#include <stdint.h>

#define CSR_ACCESSORS_DEFINED

static inline uint32_t csr_read_simple(unsigned long addr) {
  return *(volatile uint32_t*)addr;
}

static inline void csr_write_simple(uint32_t value, unsigned long addr) {
  *(volatile uint32_t*)addr = value;
}

#include <generated/csr.h>
#include <generated/mem.h>
#include <generated/soc.h>

#endif  // FIRMWARE_INCLUDE_SOC_CSR_H_
