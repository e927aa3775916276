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
  for (int32_t i = 0; i < size; ++i) {
    const int32_t input = SigmoidTableInput(params, input_data[i]);
    const uint32_t magnitude = (uint32_t)(input < 0 ? -input : input);
    /* sigmoid(2|x|) in Q0.24 (8 interpolation bits); 2 sigmoid - 1, mirrored for x < 0 */
    const int32_t sigmoid = (int32_t)SigmoidTableAt(params->sigmoid_table, magnitude, 8, 0xFFFFu << 8);
    const int32_t result = input >= 0 ? sigmoid - (1 << 23) + (1 << 7)
                                      : -sigmoid + (1 << 23) + (1 << 7) - 1;
    output_data[i] = (int16_t)(result >> 8);
  }
}
