/* QUANTIZE (TFLite Micro's reference paths):
 *  - float32 -> int8: round(x / scale) + zero_point in float32, ties away
 *    from zero, saturated (`AffineQuantize`);
 *  - int8 -> int8: requantization with a Q31 multiplier (`Requantize`). */
#ifndef KERNELS_QUANTIZE_H
#define KERNELS_QUANTIZE_H

#include <stdint.h>

struct QuantizeParams {
  float scale; /* output scale */
  int32_t zero_point;
};

struct RequantizeParams {
  int32_t input_zero_point, output_zero_point;
  int32_t multiplier, shift; /* input_scale / output_scale */
};

void AffineQuantize(const struct QuantizeParams* params, int32_t size, const float* input_data,
                    int8_t* output_data);

void Requantize(const struct RequantizeParams* params, int32_t size, const int8_t* input_data,
                int8_t* output_data);

#endif /* KERNELS_QUANTIZE_H */
