/* QUANTIZE (TFLite Micro's reference paths):
 *  - float32 -> int8 / int16: round(x / scale) + zero_point in float32, ties
 *    away from zero, saturated (`AffineQuantize`, `AffineQuantizeInt16`);
 *  - int8 / int16 -> int8 / int16: requantization with a Q31 multiplier
 *    (`Requantize` for int8 -> int8, `Requantize<In>To<Out>` for the others). */
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

void AffineQuantizeInt16(const struct QuantizeParams* params, int32_t size,
                         const float* input_data, int16_t* output_data);
void RequantizeInt8ToInt16(const struct RequantizeParams* params, int32_t size,
                           const int8_t* input_data, int16_t* output_data);
void RequantizeInt16ToInt8(const struct RequantizeParams* params, int32_t size,
                           const int16_t* input_data, int8_t* output_data);
void RequantizeInt16ToInt16(const struct RequantizeParams* params, int32_t size,
                            const int16_t* input_data, int16_t* output_data);

#endif /* KERNELS_QUANTIZE_H */
