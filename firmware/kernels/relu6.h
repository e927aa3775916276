/* RELU6, int8 (TFLite Micro's Relu6Quantized): the raw input clamped to the
 * input's quantized 0 and 6; no requantization. */
#ifndef KERNELS_RELU6_H
#define KERNELS_RELU6_H

#include <stdint.h>

struct Relu6Params {
  int32_t lower; /* input zero point */
  int32_t upper; /* 6.0 quantized with the input's scale and zero point */
};

void Relu6(const struct Relu6Params* params, int32_t size, const int8_t* input_data,
           int8_t* output_data);
void Relu6Int16(const struct Relu6Params* params, int32_t size, const int16_t* input_data,
                int16_t* output_data);

#endif /* KERNELS_RELU6_H */
