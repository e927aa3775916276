/* The int16 sigmoid and tanh of TFLite's reference integer kernels (16x8 LOGISTIC and TANH, the LSTM gates):
 * a 256-entry table of sigmoid(i / 24) in unsigned Q0.16, linearly interpolated on the magnitude of the
 * rescaled input, mirrored for negative inputs; tanh(x) = 2 sigmoid(2x) - 1 reads the same table. */
#ifndef KERNELS_SIGMOID_TABLE_H
#define KERNELS_SIGMOID_TABLE_H

#include <stdint.h>

struct SigmoidTableParams {
  int32_t input_multiplier;      /* 0: a power-of-two input scale (3 << input_left_shift is used) */
  int32_t input_left_shift;      /* a right shift (with rounding) after the multiplier */
  const uint16_t* sigmoid_table; /* 256 entries, computed by the importer */
};

/* x * multiplier, shifted right by `shift` with rounding (half up). */
static inline int32_t ScaleInt16ActivationInput(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t round = shift > 0 ? 1 << (shift - 1) : 0;
  return (x * multiplier + round) >> shift;
}

/* The input on the table's scale: 3/4 of a Q3.12 value for power-of-two scales, else
 * input scale x 3 x 4096 as a multiplier and right shift (TFLite's Prepare). */
static inline int32_t SigmoidTableInput(const struct SigmoidTableParams* params, int32_t x) {
  if (params->input_multiplier == 0) return ScaleInt16ActivationInput(x, 3 << params->input_left_shift, 0);
  return ScaleInt16ActivationInput(x, params->input_multiplier, params->input_left_shift);
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

/* sigmoid of a scaled input in Q0.15: sigmoid(|x|) in Q0.25 (9 interpolation bits), mirrored for x < 0. */
static inline int16_t SigmoidFromTable(const uint16_t* table, int32_t input) {
  const uint32_t magnitude = (uint32_t)(input < 0 ? -input : input);
  uint32_t result = SigmoidTableAt(table, magnitude, 9, 0x7FFFu << 10);
  result = input >= 0 ? result + (1u << 9) : (1u << 25) - result + (1u << 9) - 1u;
  return (int16_t)(result >> 10);
}

/* tanh of a scaled input in Q0.15: 2 sigmoid(2|x|) - 1 from the table in Q0.24, mirrored for x < 0. */
static inline int16_t TanhFromTable(const uint16_t* table, int32_t input) {
  const uint32_t magnitude = (uint32_t)(input < 0 ? -input : input);
  const int32_t sigmoid = (int32_t)SigmoidTableAt(table, magnitude, 8, 0xFFFFu << 8);
  const int32_t result = input >= 0 ? sigmoid - (1 << 23) + (1 << 7) : -sigmoid + (1 << 23) + (1 << 7) - 1;
  return (int16_t)(result >> 8);
}

#endif /* KERNELS_SIGMOID_TABLE_H */
