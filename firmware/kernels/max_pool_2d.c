/* Reference int8 MAX_POOL_2D. */
#include "kernels/max_pool_2d.h"

void MaxPool(const struct PoolParams* params, const struct Dims4* input_shape,
             const int8_t* input_data, const struct Dims4* output_shape,
             int8_t* output_data) {
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const struct PoolSpan ys = PoolSpanAt(out_y, params->stride_height, params->padding_height,
                                            params->filter_height, input_shape->h);
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const struct PoolSpan xs = PoolSpanAt(out_x, params->stride_width, params->padding_width,
                                              params->filter_width, input_shape->w);
        for (int32_t channel = 0; channel < output_shape->c; ++channel) {
          int32_t max = -128;
          for (int32_t y = ys.start; y < ys.end; ++y) {
            for (int32_t x = xs.start; x < xs.end; ++x) {
              const int8_t value =
                  input_data[Offset4(input_shape, batch, ys.origin + y, xs.origin + x, channel)];
              max = value > max ? value : max;
            }
          }
          output_data[Offset4(output_shape, batch, out_y, out_x, channel)] =
              (int8_t)ActivationClamp(max, params->activation_min, params->activation_max);
        }
      }
    }
  }
}
