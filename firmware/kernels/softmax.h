/* SOFTMAX, int8 input -> int8 output (scale 1/256, zero point -128), as
 * TFLite Micro's int8 path: fixed-point exp of the scaled differences to the
 * row maximum (no lookup table), a fixed-point reciprocal of their sum. */
#ifndef KERNELS_SOFTMAX_H
#define KERNELS_SOFTMAX_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct SoftmaxParams {
  int32_t input_multiplier; /* beta * input_scale as a Q31 multiplier ... */
  int32_t input_left_shift; /* ... and left shift, into Q5.26 */
  int32_t diff_min;         /* differences below this give exp() = 0 */
};

/* Softmax over the last dimension (c) of `shape`, for every n, h, w. */
void Softmax(const struct SoftmaxParams* params, const struct Dims4* shape,
             const int8_t* input_data, int8_t* output_data);

#endif /* KERNELS_SOFTMAX_H */
