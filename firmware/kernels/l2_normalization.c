/* Reference int8 L2_NORMALIZATION. */
#include "kernels/l2_normalization.h"

#include "kernels/fixedpoint.h"
#include "kernels/kernel_util.h"

enum { kOutputFractionalBits = 7 };

void L2Normalization(const struct L2NormalizationParams* params, const int8_t* input_data,
                     int8_t* output_data) {
  const int32_t depth = params->depth;
  for (int32_t outer = 0; outer < params->outer_size; ++outer) {
    const int8_t* row = input_data + outer * depth;
    int32_t sum_of_squares = 0; /* at most 255^2 per value: safe for 2^15 values */
    for (int32_t i = 0; i < depth; ++i) {
      const int32_t x = row[i] - params->input_zero_point;
      sum_of_squares += x * x;
    }
    int shift;
    const int32_t multiplier = InvSqrtQuantizedMultiplier(sum_of_squares, &shift);
    for (int32_t i = 0; i < depth; ++i) {
      const int32_t output = MultiplyByQuantizedMultiplier(
          row[i] - params->input_zero_point, multiplier, shift + kOutputFractionalBits);
      output_data[outer * depth + i] = (int8_t)ActivationClamp(output, -128, 127);
    }
  }
}
