/* Reference LEAKY_RELU: int8 and int16. */
#include "kernels/leaky_relu.h"

#include "kernels/kernel_util.h"

/* The requantized value before the clamp to the output type. */
static inline int32_t LeakyReluElement(const struct LeakyReluParams* params, int32_t x) {
  const int32_t input = x - params->input_offset;
  const int32_t scaled =
      input >= 0 ? MultiplyByQuantizedMultiplier(input, params->output_multiplier_identity,
                                                 params->output_shift_identity)
                 : MultiplyByQuantizedMultiplier(input, params->output_multiplier_alpha,
                                                 params->output_shift_alpha);
  return params->output_offset + scaled;
}

void LeakyRelu(const struct LeakyReluParams* params, int32_t size, const int8_t* input_data,
               int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] = (int8_t)ActivationClamp(LeakyReluElement(params, input_data[i]), -128, 127);
  }
}

void LeakyReluInt16(const struct LeakyReluParams* params, int32_t size, const int16_t* input_data,
                    int16_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] =
        (int16_t)ActivationClamp(LeakyReluElement(params, input_data[i]), -32768, 32767);
  }
}
