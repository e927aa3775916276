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

/* int16 -> int16 (output scale 2^-15, zero point 0), TFLite's SoftmaxInt16: the differences to the
 * row maximum rescaled so that [-65535, 0] is [-10, 0], exp and 1/(1+x) from 513-entry tables the
 * importer computes (TFLite Micro's Prepare-time gen_lut). */
struct SoftmaxInt16Params {
  int32_t input_multiplier, input_left_shift; /* beta * input_scale * 65535 / 10 */
  const int16_t* exp_lut;                     /* exp over [-10, 0] */
  const int16_t* one_over_one_plus_x_lut;     /* 1 / (1 + x) over [0, 1] */
};

void SoftmaxInt16(const struct SoftmaxInt16Params* params, const struct Dims4* shape,
                  const int16_t* input_data, int16_t* output_data);

#endif /* KERNELS_SOFTMAX_H */
