/* CONV_2D, int8 with per-channel quantized weights (TFLite's ConvPerChannel). */
#ifndef KERNELS_CONV_2D_H
#define KERNELS_CONV_2D_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct ConvParams {
  int32_t stride_width, stride_height;
  int32_t dilation_width, dilation_height;
  int32_t padding_width, padding_height; /* leading (top/left) padding */
  int32_t input_offset;                  /* -input zero point */
  int32_t output_offset;                 /* output zero point */
  int32_t activation_min, activation_max;
};

/* input [n,h,w,c_in], filter [c_out,kh,kw,c_in/groups], bias [c_out] (or
 * NULL), output [n,oh,ow,c_out]; output_multiplier/output_shift per c_out. */
void ConvPerChannel(const struct ConvParams* params,
                    const int32_t* output_multiplier,
                    const int32_t* output_shift,
                    const struct Dims4* input_shape, const int8_t* input_data,
                    const struct Dims4* filter_shape, const int8_t* filter_data,
                    const int32_t* bias_data,
                    const struct Dims4* output_shape, int8_t* output_data);

/* 16x8 (conv_2d_int16.c): int16 input and output (zero points 0: input_offset and output_offset
 * unused), int8 filter, int64 bias (or NULL) / int32 bias, as TFLite's int16 ConvPerChannel. */
void ConvPerChannel16x8(const struct ConvParams* params, const int32_t* output_multiplier,
                        const int32_t* output_shift, const struct Dims4* input_shape,
                        const int16_t* input_data, const struct Dims4* filter_shape,
                        const int8_t* filter_data, const int64_t* bias_data,
                        const struct Dims4* output_shape, int16_t* output_data);
void ConvPerChannel16x8Bias32(const struct ConvParams* params, const int32_t* output_multiplier,
                              const int32_t* output_shift, const struct Dims4* input_shape,
                              const int16_t* input_data, const struct Dims4* filter_shape,
                              const int8_t* filter_data, const int32_t* bias_data,
                              const struct Dims4* output_shape, int16_t* output_data);

#endif /* KERNELS_CONV_2D_H */
