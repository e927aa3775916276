/* Reference LOGISTIC: int8 and int16. */
#include "kernels/logistic.h"

#include "kernels/fixedpoint.h"
#include "kernels/q4_activation.h"

static int32_t LogisticQ4(int32_t input_q4) { return FixedPointLogistic(input_q4, 4); }

void Logistic(const struct LogisticParams* params, int32_t size,
              const int8_t* input_data, int8_t* output_data) {
  /* Output scale 1/256, zero point -128. */
  const struct Q4Activation a = {params->input_zero_point, params->input_range_radius,
                                 params->input_multiplier, params->input_left_shift, 8, -128};
  Q4ActivationLoop(&a, size, input_data, output_data, LogisticQ4);
}

void LogisticInt16(const struct SigmoidTableParams* params, int32_t size,
                   const int16_t* input_data, int16_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    const int32_t input = SigmoidTableInput(params, input_data[i]);
    const uint32_t magnitude = (uint32_t)(input < 0 ? -input : input);
    /* sigmoid(|x|) in Q0.25 (9 interpolation bits), mirrored for x < 0, rounded to Q0.15 */
    uint32_t result = SigmoidTableAt(params->sigmoid_table, magnitude, 9, 0x7FFFu << 10);
    result = input >= 0 ? result + (1u << 9) : (1u << 25) - result + (1u << 9) - 1u;
    output_data[i] = (int16_t)(result >> 10);
  }
}
