/* DEPTHWISE_CONV_2D, int8 per-channel (TFLite's DepthwiseConvPerChannel). */
#ifndef KERNELS_DEPTHWISE_CONV_2D_H
#define KERNELS_DEPTHWISE_CONV_2D_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct DepthwiseParams {
  int32_t stride_width, stride_height;
  int32_t dilation_width, dilation_height;
  int32_t padding_width, padding_height; /* leading (top/left) padding */
  int32_t depth_multiplier;
  int32_t input_offset;                  /* -input zero point */
  int32_t output_offset;                 /* output zero point */
  int32_t activation_min, activation_max;
};

/* input [n,h,w,c_in], filter [1,kh,kw,c_in*depth_multiplier], bias [c_out]
 * (or NULL), output [n,oh,ow,c_out]; multiplier/shift per output channel. */
void DepthwiseConvPerChannel(const struct DepthwiseParams* params,
                             const int32_t* output_multiplier,
                             const int32_t* output_shift,
                             const struct Dims4* input_shape, const int8_t* input_data,
                             const struct Dims4* filter_shape, const int8_t* filter_data,
                             const int32_t* bias_data,
                             const struct Dims4* output_shape, int8_t* output_data);

/* 16x8 (depthwise_conv_2d_int16.c): int16 input and output (zero points 0), int8 filter, int64 bias
 * (or NULL), as TFLite's int16 DepthwiseConvPerChannel. */
void DepthwiseConvPerChannel16x8(const struct DepthwiseParams* params,
                                 const int32_t* output_multiplier, const int32_t* output_shift,
                                 const struct Dims4* input_shape, const int16_t* input_data,
                                 const struct Dims4* filter_shape, const int8_t* filter_data,
                                 const int64_t* bias_data, const struct Dims4* output_shape,
                                 int16_t* output_data);

#endif /* KERNELS_DEPTHWISE_CONV_2D_H */
