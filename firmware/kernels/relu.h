/* RELU, int8 (TFLite Micro's ReluQuantized): the input requantized to the
 * output scale, clamped below at the output zero point. */
#ifndef KERNELS_RELU_H
#define KERNELS_RELU_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct ReluParams {
  int32_t input_offset;  /* input zero point (subtracted) */
  int32_t output_offset; /* output zero point */
  int32_t output_multiplier, output_shift;
  int32_t activation_min, activation_max;
};

/* One output value (any element type). */
static inline int32_t ReluElement(const struct ReluParams* params, int32_t x) {
  const int32_t output = params->output_offset +
                         MultiplyByQuantizedMultiplier(x - params->input_offset,
                                                       params->output_multiplier,
                                                       params->output_shift);
  return ActivationClamp(output, params->activation_min, params->activation_max);
}

void Relu(const struct ReluParams* params, int32_t size, const int8_t* input_data,
          int8_t* output_data);
void ReluInt16(const struct ReluParams* params, int32_t size, const int16_t* input_data,
               int16_t* output_data);

#endif /* KERNELS_RELU_H */
