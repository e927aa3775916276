// Host driver for a project's software_cfu(): the drift check
// (cfu/fwbuild/emulation.py) compiles it with the project's emulation for the
// host and feeds it operations, one per line, in issue order:
//
//   <funct3> <funct7> <in0 hex> <in1 hex>      ->      <result hex>
//
// Each run of the program starts from the emulation's initial state, as the
// hardware starts from reset.

#include <stdint.h>
#include <stdio.h>

#include "cfu.h"

int main(void) {
  int funct3;
  int funct7;
  unsigned long a;
  unsigned long b;
  while (scanf("%d %d %lx %lx", &funct3, &funct7, &a, &b) == 4) {
    uint32_t result = software_cfu(funct3, funct7, (uint32_t)a, (uint32_t)b);
    printf("%08lx\n", (unsigned long)result);
  }
  return 0;
}
