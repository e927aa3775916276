/* The int16 LOGISTIC and TANH of TFLite Micro (16x8 quantization): a 256-entry table of
 * sigmoid(i / 24) in unsigned Q0.16, computed by the importer, linearly interpolated on the
 * magnitude of the rescaled input (tanh(x) = 2 sigmoid(2x) - 1 reads the same table). */
#ifndef KERNELS_SIGMOID_TABLE_H
#define KERNELS_SIGMOID_TABLE_H

#include <stdint.h>

struct SigmoidTableParams {
  int32_t input_multiplier;    /* 0: a power-of-two input scale (3 << input_left_shift is used) */
  int32_t input_left_shift;    /* a right shift (with rounding) after the multiplier */
  const uint16_t* sigmoid_table; /* 256 entries */
};

/* The input on the table's scale: 3/4 of a Q3.12 value for power-of-two scales, else
 * input scale x 3 x 4096 as a multiplier and right shift (TFLite's Prepare). */
static inline int32_t SigmoidTableInput(const struct SigmoidTableParams* params, int32_t x) {
  int32_t multiplier = params->input_multiplier;
  int32_t shift = params->input_left_shift;
  if (multiplier == 0) {
    multiplier = 3 << shift;
    shift = 0;
  }
  const int32_t round = shift > 0 ? 1 << (shift - 1) : 0;
  return (x * multiplier + round) >> shift;
}

/* The table at |input| / 2^fraction_bits, interpolated on the low fraction_bits bits; at or past
 * the last entry, `saturated`. */
static inline uint32_t SigmoidTableAt(const uint16_t* table, uint32_t magnitude, int fraction_bits,
                                      uint32_t saturated) {
  const uint32_t index = magnitude >> fraction_bits;
  if (index >= 255) return saturated;
  const uint32_t low = table[index], high = table[index + 1];
  const uint32_t fraction = magnitude & ((1u << fraction_bits) - 1u);
  return (low << fraction_bits) + fraction * (high - low);
}

#endif /* KERNELS_SIGMOID_TABLE_H */
