/* AVERAGE_POOL_2D for kws_micro, any shape: the reference kernel's loops with
 * the channels innermost, so a window's rows are read in memory order and the
 * sums of up to KWS_POOL_CHANNELS channels are built side by side (the model's
 * 25x5 global pool costs a quarter of the reference's cycles this way). */
#include "kernels/average_pool_2d.h"

#define KWS_POOL_CHANNELS 64

static int32_t Max(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t Min(int32_t a, int32_t b) { return a < b ? a : b; }

/* Rounded half away from zero, as the reference. */
static int32_t RoundedMean(int32_t sum, int32_t count) {
  return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

void AveragePool(const struct PoolParams* params, const struct Dims4* input_shape,
                 const int8_t* input_data, const struct Dims4* output_shape,
                 int8_t* output_data) {
  const int32_t depth = input_shape->c;
  int32_t sums[KWS_POOL_CHANNELS];
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const int32_t in_y_origin = out_y * params->stride_height - params->padding_height;
      const int32_t y_start = Max(0, -in_y_origin);
      const int32_t y_end = Min(params->filter_height, input_shape->h - in_y_origin);
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const int32_t in_x_origin = out_x * params->stride_width - params->padding_width;
        const int32_t x_start = Max(0, -in_x_origin);
        const int32_t x_end = Min(params->filter_width, input_shape->w - in_x_origin);
        const int32_t count = (y_end - y_start) * (x_end - x_start);
        int8_t* out = output_data + Offset4(output_shape, batch, out_y, out_x, 0);
        for (int32_t first = 0; first < depth; first += KWS_POOL_CHANNELS) {
          const int32_t channels = Min(KWS_POOL_CHANNELS, depth - first);
          for (int32_t c = 0; c < channels; ++c) sums[c] = 0;
          for (int32_t y = y_start; y < y_end; ++y) {
            const int8_t* row = input_data +
                Offset4(input_shape, batch, in_y_origin + y, in_x_origin + x_start, first);
            for (int32_t x = x_start; x < x_end; ++x, row += depth) {
              for (int32_t c = 0; c < channels; ++c) sums[c] += row[c];
            }
          }
          for (int32_t c = 0; c < channels; ++c) {
            out[first + c] = (int8_t)ActivationClamp(RoundedMean(sums[c], count),
                                                     params->activation_min,
                                                     params->activation_max);
          }
        }
      }
    }
  }
}
