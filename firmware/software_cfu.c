// Default software emulation of the CFU: a project without its own
// (proj/<name>/src/software_cfu.c) gets this one, which implements no
// instruction. SW_ONLY builds then compute zeros, and the on-target CFU test
// reports every instruction as mismatching: add the project's emulation.

#include "cfu.h"

uint32_t software_cfu(int funct3, int funct7, uint32_t a, uint32_t b) {
  (void)funct3;
  (void)funct7;
  (void)a;
  (void)b;
  return 0;
}
