// Host-test wrapper of the project's CFU emulation (../src/software_cfu.c,
// found on the include path): counts the operations the kernels issue, so a
// test can tell the accelerated path from the reference fallback.
#include <stdint.h>

#define software_cfu software_cfu_emulated
#include "software_cfu.c"
#undef software_cfu

static uint64_t operations;

uint32_t software_cfu(int funct3, int funct7, uint32_t a, uint32_t b) {
  ++operations;
  return software_cfu_emulated(funct3, funct7, a, b);
}

uint64_t cfu_operation_count(void) { return operations; }
