/* Reference RESHAPE: a byte copy (no libc needed). */
#include "kernels/reshape.h"

void Reshape(const int8_t* input_data, int8_t* output_data, int32_t bytes) {
  if (input_data == output_data) return;
  for (int32_t i = 0; i < bytes; ++i) output_data[i] = input_data[i];
}
