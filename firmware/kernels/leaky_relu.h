/* LEAKY_RELU, int8 (TFLite's QuantizeLeakyRelu): non-negative inputs
 * requantized with input/output scale, negative ones with alpha times it. */
#ifndef KERNELS_LEAKY_RELU_H
#define KERNELS_LEAKY_RELU_H

#include <stdint.h>

struct LeakyReluParams {
  int32_t input_offset;  /* input zero point (subtracted) */
  int32_t output_offset; /* output zero point */
  int32_t output_multiplier_identity, output_shift_identity;
  int32_t output_multiplier_alpha, output_shift_alpha;
};

void LeakyRelu(const struct LeakyReluParams* params, int32_t size, const int8_t* input_data,
               int8_t* output_data);
void LeakyReluInt16(const struct LeakyReluParams* params, int32_t size, const int16_t* input_data,
                    int16_t* output_data);

#endif /* KERNELS_LEAKY_RELU_H */
