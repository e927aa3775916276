/* HARD_SWISH, int8 (TFLite's integer HardSwish): x * relu6(x + 3) / 6 in
 * 16-bit fixed point. The input goes to a "high-resolution" scale (x 2^7),
 * then (a) to the pre-shift output scale and (b) to a "relu-ish" factor in
 * [0, 1] (3.0 is 2^15, saturating); their product (truncating doubling high
 * multiply) is shifted to the output scale. */
#ifndef KERNELS_HARD_SWISH_H
#define KERNELS_HARD_SWISH_H

#include <stdint.h>

struct HardSwishParams {
  int32_t input_zero_point, output_zero_point;
  int32_t reluish_multiplier_fixedpoint_int16, reluish_multiplier_exponent;
  int32_t output_multiplier_fixedpoint_int16, output_multiplier_exponent; /* exponent <= 0 */
};

void HardSwish(const struct HardSwishParams* params, int32_t size, const int8_t* input_data,
               int8_t* output_data);

#endif /* KERNELS_HARD_SWISH_H */
