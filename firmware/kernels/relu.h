/* RELU, int8 (TFLite Micro's ReluQuantized): the input requantized to the
 * output scale, clamped below at the output zero point. */
#ifndef KERNELS_RELU_H
#define KERNELS_RELU_H

#include <stdint.h>

struct ReluParams {
  int32_t input_offset;  /* input zero point (subtracted) */
  int32_t output_offset; /* output zero point */
  int32_t output_multiplier, output_shift;
  int32_t activation_min, activation_max;
};

void Relu(const struct ReluParams* params, int32_t size, const int8_t* input_data,
          int8_t* output_data);

#endif /* KERNELS_RELU_H */
