/* Reference TANH: int8 and int16. */
#include "kernels/tanh.h"

#include "kernels/fixedpoint.h"
#include "kernels/q4_activation.h"

static int32_t TanhQ4(int32_t input_q4) { return FixedPointTanh(input_q4, 4); }

void Tanh(const struct TanhParams* params, int32_t size, const int8_t* input_data,
          int8_t* output_data) {
  /* Output scale 1/128, zero point 0. */
  const struct Q4Activation a = {params->input_zero_point, params->input_range_radius,
                                 params->input_multiplier, params->input_left_shift, 7, 0};
  Q4ActivationLoop(&a, size, input_data, output_data, TanhQ4);
}

void TanhInt16(const struct SigmoidTableParams* params, int32_t size, const int16_t* input_data,
               int16_t* output_data) {
  for (int32_t i = 0; i < size; ++i) output_data[i] = SigmoidTableTanh(params, input_data[i]);
}
