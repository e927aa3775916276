/* int8 MEAN, with the input read in memory order where it can be.
 *
 * Same arithmetic as firmware/kernels/mean.c. A mean over height and width
 * (MobileNetV2's global average pool) sums four channels per load over
 * blocks of pixels: the reference reads one channel across all pixels per
 * output, a stride of the whole depth, and on a 4 KiB data cache nearly
 * every such load misses. Other windows walk the window by pointer strides.
 */
#include "kernels/mean.h"

#include <stdint.h>

#define MNV2_MEAN_CHUNK 256  /* channels summed at once: 1 KiB of sums on the stack */
#define MNV2_MEAN_BLOCK 8    /* pixels summed in registers */

static inline int8_t Mnv2MeanOutput(const struct MeanParams* params, int32_t sum) {
  const int32_t output =
      MultiplyByQuantizedMultiplier(sum - params->input_zero_point * params->num_elements,
                                    params->output_multiplier, params->output_shift) +
      params->output_zero_point;
  return (int8_t)ActivationClamp(output, -128, 127);
}

/* Window over height and width only, depth a multiple of four, word-aligned input: output
 * (n, c) sums pixels of batch n, channel c. Four channels are summed per load, in registers over
 * a block of pixels (a block's loads stay in the cache from one group of channels to the next),
 * then added to the running sums. */
static void Mnv2MeanOverPixels(const struct MeanParams* params, const struct Dims4* input_shape,
                               const int8_t* input_data, int8_t* output_data) {
  const int32_t channels = input_shape->c;
  const int32_t pixels = input_shape->h * input_shape->w;
  int32_t sums[MNV2_MEAN_CHUNK];
  for (int32_t n = 0; n < input_shape->n; ++n) {
    const int8_t* batch = input_data + n * pixels * channels;
    for (int32_t first = 0; first < channels; first += MNV2_MEAN_CHUNK) {
      const int32_t count = channels - first < MNV2_MEAN_CHUNK ? channels - first : MNV2_MEAN_CHUNK;
      for (int32_t c = 0; c < count; ++c) sums[c] = 0;
      for (int32_t block = 0; block < pixels; block += MNV2_MEAN_BLOCK) {
        const int32_t end = block + MNV2_MEAN_BLOCK < pixels ? block + MNV2_MEAN_BLOCK : pixels;
        for (int32_t c = 0; c < count; c += 4) {
          const int8_t* cell = batch + block * channels + first + c;
          int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (int32_t p = block; p < end; ++p, cell += channels) {
            const uint32_t word = *(const uint32_t*)cell;
            s0 += (int8_t)word;
            s1 += (int8_t)(word >> 8);
            s2 += (int8_t)(word >> 16);
            s3 += (int8_t)(word >> 24);
          }
          sums[c] += s0;
          sums[c + 1] += s1;
          sums[c + 2] += s2;
          sums[c + 3] += s3;
        }
      }
      for (int32_t c = 0; c < count; ++c) {
        output_data[n * channels + first + c] = Mnv2MeanOutput(params, sums[c]);
      }
    }
  }
}

void Mean(const struct MeanParams* params, const struct Dims4* input_shape,
          const int8_t* input_data, const struct Dims4* output_shape, int8_t* output_data) {
  const struct Dims4* window = &params->window;
  if (window->n == 1 && window->c == 1 && window->h == input_shape->h &&
      window->w == input_shape->w && input_shape->c % 4 == 0 && (uintptr_t)input_data % 4 == 0) {
    Mnv2MeanOverPixels(params, input_shape, input_data, output_data);
    return;
  }
  const int32_t stride_w = input_shape->c;
  const int32_t stride_h = input_shape->w * stride_w;
  const int32_t stride_n = input_shape->h * stride_h;
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
          *out++ = Mnv2MeanOutput(params, sum);
        }
      }
    }
  }
}
