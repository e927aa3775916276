/* The reference DEPTHWISE_CONV_2D loop nest, for the firmware's kernel and for project
 * overrides that fall back to it for the shapes their accelerator does not take. */
#ifndef KERNELS_DEPTHWISE_CONV_2D_REFERENCE_H
#define KERNELS_DEPTHWISE_CONV_2D_REFERENCE_H

#include "kernels/depthwise_conv_2d.h"

/* Not inlined: inlined into its one-line caller, GCC -O2 compiles the loops about 30 % slower. */
static __attribute__((noinline, unused)) void DepthwiseConvPerChannelReference(
    const struct DepthwiseParams* params, const int32_t* output_multiplier, const int32_t* output_shift,
    const struct Dims4* input_shape, const int8_t* input_data, const struct Dims4* filter_shape,
    const int8_t* filter_data, const int32_t* bias_data, const struct Dims4* output_shape,
    int8_t* output_data) {
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const int32_t in_y_origin = out_y * params->stride_height - params->padding_height;
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const int32_t in_x_origin = out_x * params->stride_width - params->padding_width;
        for (int32_t in_channel = 0; in_channel < input_shape->c; ++in_channel) {
          for (int32_t m = 0; m < params->depth_multiplier; ++m) {
            const int32_t out_channel = m + in_channel * params->depth_multiplier;
            int32_t acc = 0;
            for (int32_t filter_y = 0; filter_y < filter_shape->h; ++filter_y) {
              const int32_t in_y = in_y_origin + params->dilation_height * filter_y;
              if (in_y < 0 || in_y >= input_shape->h) continue;
              for (int32_t filter_x = 0; filter_x < filter_shape->w; ++filter_x) {
                const int32_t in_x = in_x_origin + params->dilation_width * filter_x;
                if (in_x < 0 || in_x >= input_shape->w) continue;
                const int32_t input_val =
                    input_data[Offset4(input_shape, batch, in_y, in_x, in_channel)];
                const int32_t filter_val =
                    filter_data[Offset4(filter_shape, 0, filter_y, filter_x, out_channel)];
                acc += filter_val * (input_val + params->input_offset);
              }
            }
            if (bias_data) acc += bias_data[out_channel];
            acc = MultiplyByQuantizedMultiplier(acc, output_multiplier[out_channel],
                                                output_shift[out_channel]);
            acc += params->output_offset;
            output_data[Offset4(output_shape, batch, out_y, out_x, out_channel)] =
                (int8_t)ActivationClamp(acc, params->activation_min, params->activation_max);
          }
        }
      }
    }
  }
}

#endif /* KERNELS_DEPTHWISE_CONV_2D_REFERENCE_H */
