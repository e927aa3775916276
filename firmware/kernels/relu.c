/* Reference RELU: int8 and int16. */
#include "kernels/relu.h"

void Relu(const struct ReluParams* params, int32_t size, const int8_t* input_data,
          int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) output_data[i] = (int8_t)ReluElement(params, input_data[i]);
}

void ReluInt16(const struct ReluParams* params, int32_t size, const int16_t* input_data,
               int16_t* output_data) {
  for (int32_t i = 0; i < size; ++i) output_data[i] = (int16_t)ReluElement(params, input_data[i]);
}
