/* DEQUANTIZE, int8 / int16 -> float32: scale * (x - zero_point), as TFLite Micro's
 * reference Dequantize (its double product rounds to the same float). */
#ifndef KERNELS_DEQUANTIZE_H
#define KERNELS_DEQUANTIZE_H

#include <stdint.h>

struct DequantizeParams {
  float scale;
  int32_t zero_point;
};

void Dequantize(const struct DequantizeParams* params, int32_t size, const int8_t* input_data,
                float* output_data);
void DequantizeInt16(const struct DequantizeParams* params, int32_t size,
                     const int16_t* input_data, float* output_data);

#endif /* KERNELS_DEQUANTIZE_H */
