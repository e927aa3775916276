/* TRANSPOSE_CONV, int8 and 16x8 (TFLite's integer TransposeConv): every input value
 * scattered through the filter into the output, per-channel requantization.
 * Computed output by output (a gather of the same products, so no int32
 * scratch buffer is needed): an output cell sums the input cells whose
 * window covers it. */
#ifndef KERNELS_TRANSPOSE_CONV_H
#define KERNELS_TRANSPOSE_CONV_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct TransposeConvParams {
  int32_t stride_width, stride_height;
  int32_t padding_width, padding_height; /* leading (top/left) padding of the output */
  int32_t input_offset;                  /* -input zero point */
  int32_t output_offset;                 /* output zero point */
  int32_t activation_min, activation_max;
};

/* filter_shape: {output channels, kernel height, kernel width, input channels}. */
void TransposeConvPerChannel(const struct TransposeConvParams* params,
                             const int32_t* output_multiplier, const int32_t* output_shift,
                             const struct Dims4* input_shape, const int8_t* input_data,
                             const struct Dims4* filter_shape, const int8_t* filter_data,
                             const int32_t* bias_data, /* NULL when absent */
                             const struct Dims4* output_shape, int8_t* output_data);

/* 16x8: int16 activations (zero point 0), int64 bias (or NULL), 64-bit accumulation. */
void TransposeConvPerChannel16x8(const struct TransposeConvParams* params,
                                 const int32_t* output_multiplier, const int32_t* output_shift,
                                 const struct Dims4* input_shape, const int16_t* input_data,
                                 const struct Dims4* filter_shape, const int8_t* filter_data,
                                 const int64_t* bias_data, /* NULL when absent */
                                 const struct Dims4* output_shape, int16_t* output_data);

#endif /* KERNELS_TRANSPOSE_CONV_H */
