/* Reference DEQUANTIZE. */
#include "kernels/dequantize.h"

void Dequantize(const struct DequantizeParams* params, int32_t size, const int8_t* input_data,
                float* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    /* the exact product (24 x 9 bits) rounded once: equal to TFLite's double math */
    output_data[i] = params->scale * (float)(input_data[i] - params->zero_point);
  }
}
