/* Reference int8 RELU6. */
#include "kernels/relu6.h"

void Relu6(const struct Relu6Params* params, int32_t size, const int8_t* input_data,
           int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    const int32_t x = input_data[i];
    output_data[i] = (int8_t)(x > params->upper ? params->upper : x < params->lower ? params->lower : x);
  }
}
