/* AVERAGE_POOL_2D for kws_micro, any shape: the reference kernel's loops with
 * the channels innermost, so a window's rows are read in memory order and the
 * sums of up to KWS_POOL_CHANNELS channels are built side by side.
 *
 * When the depth is a multiple of 4 and a window holds at most 257 cells (the
 * model's 25x5 global pool), a word of four channels is summed at once: each
 * byte biased by +128 to 0..255 and spread over two 16-bit lanes, which cannot
 * overflow (257 * 255 < 2^16). */
#include "kernels/average_pool_2d.h"

#define KWS_POOL_CHANNELS 64
#define KWS_POOL_WORDS (KWS_POOL_CHANNELS / 4)
#define KWS_POOL_MAX_LANE_CELLS 257

static int32_t Min(int32_t a, int32_t b) { return a < b ? a : b; }

/* Rounded half away from zero, as the reference. */
static int32_t RoundedMean(int32_t sum, int32_t count) {
  return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

/* A window: its first cell and its extent, in the input of one batch. */
struct PoolWindow {
  const int8_t* first;
  int32_t rows, columns, row_bytes, depth;
};

/* Sums of `channels` channels from `channel` on, one at a time. */
static void SumBytes(const struct PoolWindow* w, int32_t channel, int32_t channels,
                     int32_t* sums) {
  for (int32_t c = 0; c < channels; ++c) sums[c] = 0;
  for (int32_t y = 0; y < w->rows; ++y) {
    const int8_t* cell = w->first + y * w->row_bytes + channel;
    for (int32_t x = 0; x < w->columns; ++x, cell += w->depth) {
      for (int32_t c = 0; c < channels; ++c) sums[c] += cell[c];
    }
  }
}

/* The same, a word of four channels at a time (`channel`, `channels` and the
 * depth multiples of 4, at most KWS_POOL_MAX_LANE_CELLS cells). */
static void SumWords(const struct PoolWindow* w, int32_t channel, int32_t channels,
                     int32_t* sums) {
  uint32_t even[KWS_POOL_WORDS], odd[KWS_POOL_WORDS]; /* channels 4k, 4k+2 / 4k+1, 4k+3 */
  const int32_t words = channels / 4;
  for (int32_t k = 0; k < words; ++k) even[k] = odd[k] = 0;
  for (int32_t y = 0; y < w->rows; ++y) {
    const int8_t* cell = w->first + y * w->row_bytes + channel;
    for (int32_t x = 0; x < w->columns; ++x, cell += w->depth) {
      const uint32_t* values = (const uint32_t*)cell;
      for (int32_t k = 0; k < words; ++k) {
        const uint32_t biased = values[k] ^ 0x80808080u;
        even[k] += biased & 0x00FF00FFu;
        odd[k] += (biased >> 8) & 0x00FF00FFu;
      }
    }
  }
  const int32_t bias = 128 * w->rows * w->columns;
  for (int32_t k = 0; k < words; ++k) {
    sums[4 * k] = (int32_t)(even[k] & 0xFFFFu) - bias;
    sums[4 * k + 1] = (int32_t)(odd[k] & 0xFFFFu) - bias;
    sums[4 * k + 2] = (int32_t)(even[k] >> 16) - bias;
    sums[4 * k + 3] = (int32_t)(odd[k] >> 16) - bias;
  }
}

void AveragePool(const struct PoolParams* params, const struct Dims4* input_shape,
                 const int8_t* input_data, const struct Dims4* output_shape,
                 int8_t* output_data) {
  const int32_t depth = input_shape->c;
  int32_t sums[KWS_POOL_CHANNELS];
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const struct PoolSpan ys = PoolSpanAt(out_y, params->stride_height, params->padding_height,
                                            params->filter_height, input_shape->h);
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const struct PoolSpan xs = PoolSpanAt(out_x, params->stride_width, params->padding_width,
                                              params->filter_width, input_shape->w);
        const struct PoolWindow window = {
            input_data + Offset4(input_shape, batch, ys.origin + ys.start, xs.origin + xs.start, 0),
            ys.end - ys.start, xs.end - xs.start, input_shape->w * depth, depth};
        const int32_t count = window.rows * window.columns;
        const int by_words = depth % 4 == 0 && count <= KWS_POOL_MAX_LANE_CELLS;
        int8_t* out = output_data + Offset4(output_shape, batch, out_y, out_x, 0);
        for (int32_t first = 0; first < depth; first += KWS_POOL_CHANNELS) {
          const int32_t channels = Min(KWS_POOL_CHANNELS, depth - first);
          if (by_words) {
            SumWords(&window, first, channels, sums);
          } else {
            SumBytes(&window, first, channels, sums);
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
