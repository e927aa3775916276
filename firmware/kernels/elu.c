/* Reference int8 ELU. */
#include "kernels/elu.h"

void Elu(const int8_t* table, int32_t size, const int8_t* input_data, int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) output_data[i] = table[(uint8_t)input_data[i]];
}
