/* TANH, int8 (TFLite Micro's integer Tanh): the input rescaled to Q4.27,
 * gemmlowp's fixed-point tanh, the result on the output scale 1/128 (zero
 * point 0). Inputs beyond the radius saturate to -128 / 127. */
#ifndef KERNELS_TANH_H
#define KERNELS_TANH_H

#include <stdint.h>

#include "kernels/sigmoid_table.h"

struct TanhParams {
  int32_t input_zero_point;
  int32_t input_range_radius;
  int32_t input_multiplier, input_left_shift;
};

void Tanh(const struct TanhParams* params, int32_t size, const int8_t* input_data,
          int8_t* output_data);

/* int16 -> int16 (zero points 0, output scale 2^-15): the sigmoid table (sigmoid_table.h). */
void TanhInt16(const struct SigmoidTableParams* params, int32_t size, const int16_t* input_data,
               int16_t* output_data);

#endif /* KERNELS_TANH_H */
