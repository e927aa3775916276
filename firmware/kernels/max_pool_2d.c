/* Reference int8 MAX_POOL_2D. */
#include "kernels/max_pool_2d.h"

static int32_t Max(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t Min(int32_t a, int32_t b) { return a < b ? a : b; }

void MaxPool(const struct PoolParams* params, const struct Dims4* input_shape,
             const int8_t* input_data, const struct Dims4* output_shape,
             int8_t* output_data) {
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const int32_t in_y_origin = out_y * params->stride_height - params->padding_height;
      const int32_t y_start = Max(0, -in_y_origin);
      const int32_t y_end = Min(params->filter_height, input_shape->h - in_y_origin);
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const int32_t in_x_origin = out_x * params->stride_width - params->padding_width;
        const int32_t x_start = Max(0, -in_x_origin);
        const int32_t x_end = Min(params->filter_width, input_shape->w - in_x_origin);
        for (int32_t channel = 0; channel < output_shape->c; ++channel) {
          int32_t max = -128;
          for (int32_t y = y_start; y < y_end; ++y) {
            for (int32_t x = x_start; x < x_end; ++x) {
              max = Max(max, input_data[Offset4(input_shape, batch, in_y_origin + y,
                                                in_x_origin + x, channel)]);
            }
          }
          output_data[Offset4(output_shape, batch, out_y, out_x, channel)] =
              (int8_t)ActivationClamp(max, params->activation_min, params->activation_max);
        }
      }
    }
  }
}
