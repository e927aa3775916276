/* Reference int8 RELU. */
#include "kernels/relu.h"

#include "kernels/kernel_util.h"

void Relu(const struct ReluParams* params, int32_t size, const int8_t* input_data,
          int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    const int32_t output =
        params->output_offset + MultiplyByQuantizedMultiplier(input_data[i] - params->input_offset,
                                                              params->output_multiplier,
                                                              params->output_shift);
    output_data[i] = (int8_t)ActivationClamp(output, params->activation_min, params->activation_max);
  }
}
