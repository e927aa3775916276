/* Reference 16x8 CONV_2D: int16 activations, int8 weights. */
#include "kernels/conv_2d.h"

/* The loop nest of both bias types (one of bias64, bias32 is NULL at each call site). */
static inline __attribute__((always_inline)) void Conv16x8(
    const struct ConvParams* params, const int32_t* output_multiplier, const int32_t* output_shift,
    const struct Dims4* input_shape, const int16_t* input_data, const struct Dims4* filter_shape,
    const int8_t* filter_data, const int64_t* bias64, const int32_t* bias32,
    const struct Dims4* output_shape, int16_t* output_data) {
  const int32_t filter_input_depth = filter_shape->c;
  const int32_t filters_per_group = output_shape->c / (input_shape->c / filter_input_depth);
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const int32_t in_y_origin = out_y * params->stride_height - params->padding_height;
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const int32_t in_x_origin = out_x * params->stride_width - params->padding_width;
        for (int32_t out_channel = 0; out_channel < output_shape->c; ++out_channel) {
          const int32_t group = out_channel / filters_per_group;
          int64_t acc = 0;
          for (int32_t filter_y = 0; filter_y < filter_shape->h; ++filter_y) {
            const int32_t in_y = in_y_origin + params->dilation_height * filter_y;
            if (in_y < 0 || in_y >= input_shape->h) continue;
            for (int32_t filter_x = 0; filter_x < filter_shape->w; ++filter_x) {
              const int32_t in_x = in_x_origin + params->dilation_width * filter_x;
              if (in_x < 0 || in_x >= input_shape->w) continue;
              const int16_t* in = input_data + Offset4(input_shape, batch, in_y, in_x,
                                                       group * filter_input_depth);
              const int8_t* filter = filter_data + Offset4(filter_shape, out_channel,
                                                           filter_y, filter_x, 0);
              for (int32_t in_channel = 0; in_channel < filter_input_depth; ++in_channel) {
                acc += filter[in_channel] * in[in_channel];
              }
            }
          }
          const int32_t scaled = Scale16x8Accumulator(acc, bias64, bias32, out_channel,
                                                      output_multiplier[out_channel],
                                                      output_shift[out_channel]);
          output_data[Offset4(output_shape, batch, out_y, out_x, out_channel)] =
              (int16_t)ActivationClamp(scaled, params->activation_min, params->activation_max);
        }
      }
    }
  }
}

void ConvPerChannel16x8(const struct ConvParams* params, const int32_t* output_multiplier,
                        const int32_t* output_shift, const struct Dims4* input_shape,
                        const int16_t* input_data, const struct Dims4* filter_shape,
                        const int8_t* filter_data, const int64_t* bias_data,
                        const struct Dims4* output_shape, int16_t* output_data) {
  Conv16x8(params, output_multiplier, output_shift, input_shape, input_data, filter_shape,
           filter_data, bias_data, 0, output_shape, output_data);
}

void ConvPerChannel16x8Bias32(const struct ConvParams* params, const int32_t* output_multiplier,
                              const int32_t* output_shift, const struct Dims4* input_shape,
                              const int16_t* input_data, const struct Dims4* filter_shape,
                              const int8_t* filter_data, const int32_t* bias_data,
                              const struct Dims4* output_shape, int16_t* output_data) {
  Conv16x8(params, output_multiplier, output_shift, input_shape, input_data, filter_shape,
           filter_data, 0, bias_data, output_shape, output_data);
}
