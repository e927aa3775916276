/* Reference int8 LOG_SOFTMAX. */
#include "kernels/log_softmax.h"

#include "kernels/fixedpoint.h"
#include "kernels/kernel_util.h"

enum {
  kInputIntegerBits = 5,
  kAccumulationIntegerBits = 12,
  kOutputIntegerBits = 4,
  kOutputZeroPoint = 127,
};

void LogSoftmax(const struct LogSoftmaxParams* params, const int8_t* input_data,
                int8_t* output_data) {
  const int32_t depth = params->depth;
  for (int32_t outer = 0; outer < params->outer_size; ++outer) {
    const int8_t* row = input_data + outer * depth;
    int8_t* out = output_data + outer * depth;
    int32_t max_in_row = -128;
    for (int32_t i = 0; i < depth; ++i) max_in_row = row[i] > max_in_row ? row[i] : max_in_row;
    int32_t sum_of_exps = 0; /* Q12 */
    for (int32_t i = 0; i < depth; ++i) {
      const int32_t diff = row[i] - max_in_row;
      if (diff >= params->diff_min) {
        const int32_t diff_q5 = MultiplyByQuantizedMultiplier(diff, params->input_multiplier,
                                                              params->input_left_shift);
        sum_of_exps = FixedPointAdd(
            sum_of_exps, RoundingDivideByPOT(ExpOnNegativeValues(diff_q5, kInputIntegerBits),
                                             kAccumulationIntegerBits));
      }
    }
    const int32_t log_sum_q5 =
        FixedPointLogXGreaterOrEqualOne(sum_of_exps, kAccumulationIntegerBits, kInputIntegerBits);
    /* The smallest Q5.26 value plus log_sum, back on the input scale: below it the output saturates. */
    const int32_t reverse = MultiplyByQuantizedMultiplier(
        FixedPointAdd(log_sum_q5, INT32_MIN), params->reverse_multiplier, params->reverse_left_shift);
    const int32_t adjusted_diff_min = params->diff_min - 1 > reverse ? params->diff_min - 1 : reverse;
    for (int32_t i = 0; i < depth; ++i) {
      const int32_t diff = row[i] - max_in_row;
      int32_t output = -128;
      if (diff > adjusted_diff_min) {
        const int32_t diff_q5 = MultiplyByQuantizedMultiplier(diff, params->input_multiplier,
                                                              params->input_left_shift);
        output = RoundingDivideByPOT(FixedPointSub(diff_q5, log_sum_q5),
                                     31 - kInputIntegerBits - kOutputIntegerBits) +
                 kOutputZeroPoint;
        output = ActivationClamp(output, -128, 127);
      }
      out[i] = (int8_t)output;
    }
  }
}
