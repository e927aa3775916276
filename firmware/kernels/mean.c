/* Reference int8 MEAN. */
#include "kernels/mean.h"

/* Sum of the raw input values of the window at output cell (n, h, w, c). */
static int32_t WindowSum(const struct Dims4* window, const struct Dims4* input_shape,
                         const int8_t* input_data, int32_t n, int32_t h, int32_t w, int32_t c) {
  int32_t sum = 0;
  for (int32_t dn = 0; dn < window->n; ++dn) {
    for (int32_t dh = 0; dh < window->h; ++dh) {
      for (int32_t dw = 0; dw < window->w; ++dw) {
        for (int32_t dc = 0; dc < window->c; ++dc) {
          sum += input_data[Offset4(input_shape, n + dn, h + dh, w + dw, c + dc)];
        }
      }
    }
  }
  return sum;
}

void Mean(const struct MeanParams* params, const struct Dims4* input_shape,
          const int8_t* input_data, const struct Dims4* output_shape, int8_t* output_data) {
  const int32_t zero_point_sum = params->input_zero_point * params->num_elements;
  int8_t* out = output_data;
  for (int32_t n = 0; n < output_shape->n; ++n) {
    for (int32_t h = 0; h < output_shape->h; ++h) {
      for (int32_t w = 0; w < output_shape->w; ++w) {
        for (int32_t c = 0; c < output_shape->c; ++c) {
          const int32_t sum =
              WindowSum(&params->window, input_shape, input_data, n, h, w, c) - zero_point_sum;
          const int32_t output = MultiplyByQuantizedMultiplier(sum, params->output_multiplier,
                                                               params->output_shift) +
                                 params->output_zero_point;
          *out++ = (int8_t)ActivationClamp(output, -128, 127);
        }
      }
    }
  }
}
