/* Reference 16x8 DEPTHWISE_CONV_2D: int16 activations, int8 weights, an int64 bias (or none): TFLite Micro
 * accumulates in int64 here whatever the bias, so the 64-bit requantization is always used. */
#include "kernels/depthwise_conv_2d.h"

void DepthwiseConvPerChannel16x8(const struct DepthwiseParams* params,
                                 const int32_t* output_multiplier, const int32_t* output_shift,
                                 const struct Dims4* input_shape, const int16_t* input_data,
                                 const struct Dims4* filter_shape, const int8_t* filter_data,
                                 const int64_t* bias_data, const struct Dims4* output_shape,
                                 int16_t* output_data) {
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const int32_t in_y_origin = out_y * params->stride_height - params->padding_height;
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const int32_t in_x_origin = out_x * params->stride_width - params->padding_width;
        for (int32_t in_channel = 0; in_channel < input_shape->c; ++in_channel) {
          for (int32_t m = 0; m < params->depth_multiplier; ++m) {
            const int32_t out_channel = m + in_channel * params->depth_multiplier;
            int64_t acc = bias_data ? bias_data[out_channel] : 0;
            for (int32_t filter_y = 0; filter_y < filter_shape->h; ++filter_y) {
              const int32_t in_y = in_y_origin + params->dilation_height * filter_y;
              if (in_y < 0 || in_y >= input_shape->h) continue;
              for (int32_t filter_x = 0; filter_x < filter_shape->w; ++filter_x) {
                const int32_t in_x = in_x_origin + params->dilation_width * filter_x;
                if (in_x < 0 || in_x >= input_shape->w) continue;
                acc += filter_data[Offset4(filter_shape, 0, filter_y, filter_x, out_channel)] *
                       input_data[Offset4(input_shape, batch, in_y, in_x, in_channel)];
              }
            }
            const int32_t scaled = MultiplyByQuantizedMultiplier64(
                acc, output_multiplier[out_channel], output_shift[out_channel]);
            output_data[Offset4(output_shape, batch, out_y, out_x, out_channel)] =
                (int16_t)ActivationClamp(scaled, params->activation_min, params->activation_max);
          }
        }
      }
    }
  }
}
