/* Reference RELU6: int8 and int16. */
#include "kernels/relu6.h"

#include "kernels/kernel_util.h"

void Relu6(const struct Relu6Params* params, int32_t size, const int8_t* input_data,
           int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] = (int8_t)ActivationClamp(input_data[i], params->lower, params->upper);
  }
}

void Relu6Int16(const struct Relu6Params* params, int32_t size, const int16_t* input_data,
                int16_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] = (int16_t)ActivationClamp(input_data[i], params->lower, params->upper);
  }
}
