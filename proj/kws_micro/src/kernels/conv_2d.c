/* CONV_2D for kws_micro's big engine (VexRiscv; conv_2d_small.c is the
 * Fomu's): each output pixel's receptive field is written to the engine as a
 * patch of words (im2col), then one DOT per four output channels answers them
 * requantized and packed. Shapes the engine does not take go to
 * the reference loop nest (kernels/conv_2d_reference.h).
 *
 * Two patch layouts, both in the filter's own (y, x, channel) order, so the
 * filter is loaded as it is stored:
 * - channel words (input depth a multiple of 4: the 1x1 pointwise layers);
 * - row words (a single input channel and a filter width a multiple of 4: the
 *   first 10x4 layer), four taps of one filter row per word. */
#include "kws_small_cfu.h"

#ifndef KWS_SMALL_ENGINE

#include "kernels/conv_2d.h"
#include "kernels/conv_2d_reference.h"
#include "kernels/kws_engine.h"
#include "kernels/kws_padded_image.h"

enum KwsPatchLayout { kKwsPatchNone, kKwsPatchChannels, kKwsPatchRows };

static enum KwsPatchLayout PatchLayout(const struct ConvParams* params,
                                       const struct Dims4* input_shape,
                                       const struct Dims4* filter_shape,
                                       const struct Dims4* output_shape) {
  const int32_t patch_bytes = filter_shape->h * filter_shape->w * filter_shape->c;
  const int32_t words = patch_bytes / 4;
  const int fits = filter_shape->c == input_shape->c &&  /* no groups */
                   params->dilation_width == 1 && params->dilation_height == 1 &&
                   patch_bytes % 4 == 0 && words <= KWS_MAX_DOT_WORDS &&
                   output_shape->c % 4 == 0 && output_shape->c <= KWS_CHANNELS &&
                   output_shape->c / 4 * words <= KWS_FILTER_WORDS;
  if (!fits) return kKwsPatchNone;
  if (input_shape->c % 4 == 0) return kKwsPatchChannels;
  if (input_shape->c == 1 && filter_shape->w % 4 == 0 &&
      PaddedHeight(params, filter_shape, output_shape) *
              PaddedWidth(params, filter_shape, output_shape) <= KWS_PADDED_IMAGE_BYTES) {
    return kKwsPatchRows;
  }
  return kKwsPatchNone;
}

/* Output channel o = 4q + lane holds its patch words in lane `lane` from
 * q * words on. */
static void LoadFilter(const int8_t* filter_data, int32_t out_channels, int32_t words) {
  const uint32_t* filter_words = (const uint32_t*)filter_data;
  for (int32_t o = 0; o < out_channels; ++o) {
    KwsWriteFilterWords((uint32_t)(o % 4), (uint32_t)((o / 4) * words), filter_words + o * words,
                        words);
  }
}

/* One tap's input channels, or zero-point words outside the image. */
static void WritePatchChannels(const struct Dims4* input_shape, const int8_t* image,
                                   const struct Dims4* filter_shape, int32_t in_y_origin,
                                   int32_t in_x_origin, uint32_t pad_word) {
  const int32_t channel_words = input_shape->c / 4;
  uint32_t address = 0;
  for (int32_t fy = 0; fy < filter_shape->h; ++fy) {
    const int32_t in_y = in_y_origin + fy;
    for (int32_t fx = 0; fx < filter_shape->w; ++fx) {
      const int32_t in_x = in_x_origin + fx;
      if (in_y < 0 || in_y >= input_shape->h || in_x < 0 || in_x >= input_shape->w) {
        KwsFillInputWords(address, pad_word, channel_words);
      } else {
        KwsWriteInputWords(address, (const uint32_t*)(image + (in_y * input_shape->w + in_x) *
                                                                  input_shape->c),
                           channel_words);
      }
      address += (uint32_t)channel_words;
    }
  }
}

/* A single input channel: four taps of one filter row per word, streamed in
 * pairs as they are packed. */
static void WritePatchRows(const struct PaddedImage* padded, const struct Dims4* filter_shape,
                           int32_t top, int32_t left) {
  uint32_t pending = 0;
  uint32_t words = 0;
  kws_op(KWS_SET_POINTERS, 0, 0);
  for (int32_t fy = 0; fy < filter_shape->h; ++fy) {
    const int8_t* taps = padded->bytes + (top + fy) * padded->width + left;
    for (int32_t fx = 0; fx < filter_shape->w; fx += 4, taps += 4) {
      const uint32_t word = KwsPack(taps[0], taps[1], taps[2], taps[3]);
      if (words++ % 2) {
        kws_op(KWS_STREAM_INPUT, pending, word);
      } else {
        pending = word;
      }
    }
  }
  if (words % 2) kws_op(KWS_WRITE_INPUT, words - 1u, pending);
}

static void ConvWithEngine(const struct ConvParams* params, enum KwsPatchLayout layout,
                           const int32_t* output_multiplier, const int32_t* output_shift,
                           const struct Dims4* input_shape, const int8_t* input_data,
                           const struct Dims4* filter_shape, const int8_t* filter_data,
                           const int32_t* bias_data, const struct Dims4* output_shape,
                           int8_t* output_data) {
  const int32_t words = filter_shape->h * filter_shape->w * filter_shape->c / 4;
  /* Outside the image the input is its zero point: (zero point + offset) * w = 0. */
  const int8_t pad = (int8_t)(-params->input_offset);
  const uint32_t pad_word = KwsPack(pad, pad, pad, pad);
  KwsLoadQuantization(params->input_offset, params->output_offset, params->activation_min,
                      params->activation_max, bias_data, output_multiplier, output_shift,
                      output_shape->c);
  LoadFilter(filter_data, output_shape->c, words);
  const int32_t image_bytes = input_shape->h * input_shape->w * input_shape->c;
  struct PaddedImage padded;
  const uint32_t quads = (uint32_t)output_shape->c / 4;
  uint32_t* out = (uint32_t*)output_data;
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    const int8_t* image = input_data + batch * image_bytes;
    if (layout == kKwsPatchRows) {
      FillPadded(&padded, params, input_shape, image, PaddedHeight(params, filter_shape, output_shape),
                 PaddedWidth(params, filter_shape, output_shape), pad);
    }
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const int32_t in_y_origin = out_y * params->stride_height - params->padding_height;
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const int32_t in_x_origin = out_x * params->stride_width - params->padding_width;
        if (layout == kKwsPatchChannels) {
          WritePatchChannels(input_shape, image, filter_shape, in_y_origin, in_x_origin, pad_word);
        } else {
          WritePatchRows(&padded, filter_shape, out_y * params->stride_height,
                         out_x * params->stride_width);
        }
        const uint32_t patch = KwsInputOperand(0, (uint32_t)words);
        for (uint32_t q = 0, filter = 0; q < quads; ++q, filter += (uint32_t)words) {
          out[q] = kws_op(KWS_DOT, patch, KwsFilterOperand(filter, q));
        }
        out += quads;
      }
    }
  }
}

void ConvPerChannel(const struct ConvParams* params,
                    const int32_t* output_multiplier,
                    const int32_t* output_shift,
                    const struct Dims4* input_shape, const int8_t* input_data,
                    const struct Dims4* filter_shape, const int8_t* filter_data,
                    const int32_t* bias_data,
                    const struct Dims4* output_shape, int8_t* output_data) {
  const enum KwsPatchLayout layout =
      PatchLayout(params, input_shape, filter_shape, output_shape);
  if (layout == kKwsPatchNone) {
    ConvPerChannelReference(params, output_multiplier, output_shift, input_shape, input_data,
                            filter_shape, filter_data, bias_data, output_shape, output_data);
    return;
  }
  ConvWithEngine(params, layout, output_multiplier, output_shift, input_shape, input_data,
                 filter_shape, filter_data, bias_data, output_shape, output_data);
}

#endif /* !KWS_SMALL_ENGINE */
