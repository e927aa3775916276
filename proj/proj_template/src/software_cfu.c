// Software emulation of proj_template's CFU, used by SW_ONLY builds and by
// the on-target CFU test. It must match the reference models in ../cfu.py;
// `make PROJ=proj_template test` checks it against them on the host.
//
// The one stateful instruction (funct3 2, Mac4Accumulate) keeps its state in
// a file-static struct: the CFU's registers, seen from software.

#include <stdint.h>

#include "cfu.h"

// TFLite's input offset as the hardware holds it: 9 bits, signed.
#define MAC4_OFFSET_BITS 9

struct Mac4State {
  int32_t offset;
  uint32_t acc;
};

static struct Mac4State mac4_state = {0, 0};

static int32_t sign_extend(uint32_t value, int bits) {
  uint32_t sign = 1u << (bits - 1);
  value &= (sign << 1) - 1u;
  return (int32_t)(value ^ sign) - (int32_t)sign;
}

// sum over the four signed byte lanes of (a[i] + offset) * b[i].
static int32_t mac4(uint32_t a, uint32_t b, int32_t offset) {
  int32_t sum = 0;
  for (int lane = 0; lane < 4; ++lane) {
    int32_t a_lane = sign_extend(a >> (8 * lane), 8);
    int32_t b_lane = sign_extend(b >> (8 * lane), 8);
    sum += (a_lane + offset) * b_lane;
  }
  return sum;
}

static uint32_t mac4_accumulate(struct Mac4State* state, int funct7,
                                uint32_t a, uint32_t b) {
  switch (funct7) {
    case 0:
      state->offset = sign_extend(a, MAC4_OFFSET_BITS);
      state->acc = 0;
      return 0;
    case 1:
      // Unsigned arithmetic: the accumulator wraps modulo 2^32 like the
      // 32-bit hardware register (signed overflow would be undefined in C).
      state->acc += (uint32_t)mac4(a, b, state->offset);
      return state->acc;
    default:
      return state->acc;
  }
}

uint32_t software_cfu(int funct3, int funct7, uint32_t a, uint32_t b) {
  switch (funct3) {
    case 0:  // Add: funct7 1 subtracts, anything else adds.
      return funct7 == 1 ? a - b : a + b;
    case 1:  // Multiply: the low 32 bits of the product.
      return a * b;
    case 2:
      return mac4_accumulate(&mac4_state, funct7, a, b);
    default:  // Unused slots answer 0.
      return 0;
  }
}
