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
  for (int32_t i = 0; i < size; ++i) output_data[i] = SigmoidTableLogistic(params, input_data[i]);
}
