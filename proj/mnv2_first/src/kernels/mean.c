/* int8 MEAN with the window walked by pointer strides.
 *
 * Same arithmetic as firmware/kernels/mean.c; the reference computes a full
 * NHWC offset (three multiplies) per input value, which made MobileNetV2's
 * global average pool cost about 45 cycles per value. Any window works.
 */
#include "kernels/mean.h"

void Mean(const struct MeanParams* params, const struct Dims4* input_shape,
          const int8_t* input_data, const struct Dims4* output_shape, int8_t* output_data) {
  const struct Dims4* window = &params->window;
  const int32_t stride_w = input_shape->c;
  const int32_t stride_h = input_shape->w * stride_w;
  const int32_t stride_n = input_shape->h * stride_h;
  const int32_t zero_point_sum = params->input_zero_point * params->num_elements;
  int8_t* out = output_data;
  for (int32_t n = 0; n < output_shape->n; ++n) {
    for (int32_t h = 0; h < output_shape->h; ++h) {
      for (int32_t w = 0; w < output_shape->w; ++w) {
        for (int32_t c = 0; c < output_shape->c; ++c) {
          const int8_t* cell = input_data + n * stride_n + h * stride_h + w * stride_w + c;
          int32_t sum = 0;
          for (int32_t dn = 0; dn < window->n; ++dn, cell += stride_n) {
            const int8_t* plane = cell;
            for (int32_t dh = 0; dh < window->h; ++dh, plane += stride_h) {
              const int8_t* row = plane;
              for (int32_t dw = 0; dw < window->w; ++dw, row += stride_w) {
                for (int32_t dc = 0; dc < window->c; ++dc) sum += row[dc];
              }
            }
          }
          const int32_t output =
              MultiplyByQuantizedMultiplier(sum - zero_point_sum, params->output_multiplier,
                                            params->output_shift) +
              params->output_zero_point;
          *out++ = (int8_t)ActivationClamp(output, -128, 127);
        }
      }
    }
  }
}
