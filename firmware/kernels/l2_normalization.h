/* L2_NORMALIZATION, int8 (TFLite's integer L2Normalization): each row of the
 * last dimension divided by its L2 norm (a fixed-point 1/sqrt of the sum of
 * squares), output on the scale 1/128 with zero point 0. */
#ifndef KERNELS_L2_NORMALIZATION_H
#define KERNELS_L2_NORMALIZATION_H

#include <stdint.h>

struct L2NormalizationParams {
  int32_t input_zero_point;
  int32_t outer_size, depth;
};

void L2Normalization(const struct L2NormalizationParams* params, const int8_t* input_data,
                     int8_t* output_data);

#endif /* KERNELS_L2_NORMALIZATION_H */
