/* Reference DEQUANTIZE. */
#include "kernels/dequantize.h"

/* The exact product (24 x 17 bits at most) rounded once: equal to TFLite's double math. */
static inline float DequantizedValue(const struct DequantizeParams* params, int32_t x) {
  return params->scale * (float)(x - params->zero_point);
}

void Dequantize(const struct DequantizeParams* params, int32_t size, const int8_t* input_data,
                float* output_data) {
  for (int32_t i = 0; i < size; ++i) output_data[i] = DequantizedValue(params, input_data[i]);
}

void DequantizeInt16(const struct DequantizeParams* params, int32_t size,
                     const int16_t* input_data, float* output_data) {
  for (int32_t i = 0; i < size; ++i) output_data[i] = DequantizedValue(params, input_data[i]);
}
