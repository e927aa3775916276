/* Reference int8 LEAKY_RELU. */
#include "kernels/leaky_relu.h"

#include "kernels/kernel_util.h"

void LeakyRelu(const struct LeakyReluParams* params, int32_t size, const int8_t* input_data,
               int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    const int32_t input = input_data[i] - params->input_offset;
    const int32_t scaled =
        input >= 0 ? MultiplyByQuantizedMultiplier(input, params->output_multiplier_identity,
                                                   params->output_shift_identity)
                   : MultiplyByQuantizedMultiplier(input, params->output_multiplier_alpha,
                                                   params->output_shift_alpha);
    output_data[i] = (int8_t)ActivationClamp(params->output_offset + scaled, -128, 127);
  }
}
