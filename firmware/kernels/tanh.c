/* Reference int8 TANH. */
#include "kernels/tanh.h"

#include "kernels/fixedpoint.h"
#include "kernels/kernel_util.h"

enum { kInputIntegerBits = 4, kOutputFractionalBits = 7 };

void Tanh(const struct TanhParams* params, int32_t size, const int8_t* input_data,
          int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    const int32_t input = input_data[i] - params->input_zero_point;
    int32_t output;
    if (input <= -params->input_range_radius) {
      output = -128;
    } else if (input >= params->input_range_radius) {
      output = 127;
    } else {
      const int32_t input_q4 = MultiplyByQuantizedMultiplier(input, params->input_multiplier,
                                                             params->input_left_shift);
      const int32_t output_q0 = FixedPointTanh(input_q4, kInputIntegerBits);
      output = ActivationClamp(RoundingDivideByPOT(output_q0, 31 - kOutputFractionalBits), -128, 127);
    }
    output_data[i] = (int8_t)output;
  }
}
