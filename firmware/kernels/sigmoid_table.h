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

/* Logistic of one int16 value, in Q0.15. */
static inline int16_t SigmoidTableLogistic(const struct SigmoidTableParams* params, int16_t x) {
  const int32_t input = SigmoidTableInput(params, x);
  const uint32_t magnitude = (uint32_t)(input < 0 ? -input : input);
  /* sigmoid(|x|) in Q0.25 (9 interpolation bits), mirrored for x < 0, rounded to Q0.15 */
  uint32_t result = SigmoidTableAt(params->sigmoid_table, magnitude, 9, 0x7FFFu << 10);
  result = input >= 0 ? result + (1u << 9) : (1u << 25) - result + (1u << 9) - 1u;
  return (int16_t)(result >> 10);
}

/* Tanh of one int16 value, in Q0.15. */
static inline int16_t SigmoidTableTanh(const struct SigmoidTableParams* params, int16_t x) {
  const int32_t input = SigmoidTableInput(params, x);
  const uint32_t magnitude = (uint32_t)(input < 0 ? -input : input);
  /* sigmoid(2|x|) in Q0.24 (8 interpolation bits); 2 sigmoid - 1, mirrored for x < 0 */
  const int32_t sigmoid = (int32_t)SigmoidTableAt(params->sigmoid_table, magnitude, 8, 0xFFFFu << 8);
  const int32_t result = input >= 0 ? sigmoid - (1 << 23) + (1 << 7) : -sigmoid + (1 << 23) + (1 << 7) - 1;
  return (int16_t)(result >> 8);
}

#endif /* KERNELS_SIGMOID_TABLE_H */
