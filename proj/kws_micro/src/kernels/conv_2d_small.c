/* CONV_2D for kws_micro's small engine (the Fomu's PicoRV32; conv_2d.c is the
 * big engine's). The layer's whole filter sits in the engine, in TFLite's own
 * (out channel, y, x, in channel) order; each output pixel's receptive field
 * is streamed in as a patch of words (im2col), then one DOT per four output
 * channels answers them requantized and packed. Two patch layouts:
 * - channel words (input depth a multiple of 4: the 1x1 pointwise layers);
 * - row words (a single input channel and a filter width a multiple of 4: the
 *   first 10x4 layer), read from a copy of the image with its padding made
 *   explicit.
 * The engine has no input offset: it is folded into each channel's bias, and
 * the padding is the zero point. Other shapes go to the reference loop nest
 * (kernels/conv_2d_reference.h). */
#include "kws_small_cfu.h"

#ifdef KWS_SMALL_ENGINE

#include "kernels/conv_2d.h"
#include "kernels/conv_2d_reference.h"
#include "kernels/kws_padded_image.h"
#include "kernels/kws_small_engine.h"

enum KwsSmallPatch { kKwsSmallNone, kKwsSmallChannels, kKwsSmallRows };

static enum KwsSmallPatch SmallPatch(const struct ConvParams* params,
                                     const int32_t* output_multiplier,
                                     const int32_t* output_shift,
                                     const struct Dims4* input_shape,
                                     const struct Dims4* filter_shape,
                                     const struct Dims4* output_shape) {
  const int32_t patch_bytes = filter_shape->h * filter_shape->w * filter_shape->c;
  const int32_t words = patch_bytes / 4;
  const int fits = filter_shape->c == input_shape->c &&  /* no groups */
                   params->dilation_width == 1 && params->dilation_height == 1 &&
                   patch_bytes % 4 == 0 && words <= KWS_S_MAX_DOT_WORDS &&
                   output_shape->c % 4 == 0 &&
                   output_shape->c * words <= KWS_S_FILTER_WORDS &&
                   KwsSmallTakesQuantization(output_multiplier, output_shift, output_shape->c);
  if (!fits) return kKwsSmallNone;
  if (input_shape->c % 4 == 0) return kKwsSmallChannels;
  if (input_shape->c == 1 && filter_shape->w % 4 == 0 &&
      PaddedHeight(params, filter_shape, output_shape) *
              PaddedWidth(params, filter_shape, output_shape) <= KWS_PADDED_IMAGE_BYTES) {
    return kKwsSmallRows;
  }
  return kKwsSmallNone;
}

/* The window's taps, channels innermost: the image's words or zero-point words. */
static void StreamPatchChannels(const struct Dims4* input_shape, const int8_t* image,
                                const struct Dims4* filter_shape, int32_t in_y_origin,
                                int32_t in_x_origin, uint32_t pad_word) {
  const int32_t channel_words = input_shape->c / 4;
  kws_small_op(KWS_S_SET_POINTERS, 0, 0);
  for (int32_t fy = 0; fy < filter_shape->h; ++fy) {
    const int32_t in_y = in_y_origin + fy;
    for (int32_t fx = 0; fx < filter_shape->w; ++fx) {
      const int32_t in_x = in_x_origin + fx;
      if (in_y < 0 || in_y >= input_shape->h || in_x < 0 || in_x >= input_shape->w) {
        for (int32_t k = 0; k < channel_words; ++k) kws_small_op(KWS_S_STREAM_INPUT, pad_word, 0);
      } else {
        const uint32_t* words =
            (const uint32_t*)(image + (in_y * input_shape->w + in_x) * input_shape->c);
        for (int32_t k = 0; k < channel_words; ++k) kws_small_op(KWS_S_STREAM_INPUT, words[k], 0);
      }
    }
  }
}

/* A single input channel: four taps of one filter row per word. */
static void StreamPatchRows(const struct PaddedImage* padded,
                            const struct Dims4* filter_shape, int32_t top, int32_t left) {
  kws_small_op(KWS_S_SET_POINTERS, 0, 0);
  for (int32_t fy = 0; fy < filter_shape->h; ++fy) {
    const int8_t* taps = padded->bytes + (top + fy) * padded->width + left;
    for (int32_t fx = 0; fx < filter_shape->w; fx += 4, taps += 4) {
      kws_small_op(KWS_S_STREAM_INPUT, KwsPack(taps[0], taps[1], taps[2], taps[3]), 0);
    }
  }
}

static void ConvWithSmallEngine(const struct ConvParams* params, enum KwsSmallPatch layout,
                                const int32_t* output_multiplier, const int32_t* output_shift,
                                const struct Dims4* input_shape, const int8_t* input_data,
                                const struct Dims4* filter_shape, const int8_t* filter_data,
                                const int32_t* bias_data, const struct Dims4* output_shape,
                                int8_t* output_data) {
  const int32_t words = filter_shape->h * filter_shape->w * filter_shape->c / 4;
  /* Outside the image the input is its zero point: (zero point + offset) * w = 0. */
  const int8_t pad = (int8_t)(-params->input_offset);
  const uint32_t pad_word = KwsPack(pad, pad, pad, pad);
  KwsSmallSetOutput(params->output_offset, params->activation_min, params->activation_max);
  for (int32_t o = 0; o < output_shape->c; ++o) {
    KwsSmallLoadChannel(o, bias_data, params->input_offset, filter_data + o * words * 4, words * 4, 1,
                        output_multiplier, output_shift);
  }
  KwsSmallWriteFilter((const uint32_t*)filter_data, output_shape->c * words);
  const int32_t image_bytes = input_shape->h * input_shape->w * input_shape->c;
  struct PaddedImage padded;
  const uint32_t quads = (uint32_t)output_shape->c / 4;
  const uint32_t patch = KwsSmallInputOperand(0, (uint32_t)words);
  const uint32_t quad_words = 4u * (uint32_t)words;
  uint32_t* out = (uint32_t*)output_data;
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    const int8_t* image = input_data + batch * image_bytes;
    if (layout == kKwsSmallRows) {
      FillPadded(&padded, params, input_shape, image, PaddedHeight(params, filter_shape, output_shape),
                 PaddedWidth(params, filter_shape, output_shape), pad);
    }
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const int32_t in_y_origin = out_y * params->stride_height - params->padding_height;
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const int32_t in_x_origin = out_x * params->stride_width - params->padding_width;
        if (layout == kKwsSmallChannels) {
          StreamPatchChannels(input_shape, image, filter_shape, in_y_origin, in_x_origin, pad_word);
        } else {
          StreamPatchRows(&padded, filter_shape, out_y * params->stride_height,
                          out_x * params->stride_width);
        }
        for (uint32_t q = 0, filter = 0; q < quads; ++q, filter += quad_words) {
          out[q] = kws_small_op(KWS_S_DOT, patch, KwsSmallFilterOperand(filter, q));
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
  const enum KwsSmallPatch layout = SmallPatch(params, output_multiplier, output_shift,
                                               input_shape, filter_shape, output_shape);
  if (layout == kKwsSmallNone) {
    ConvPerChannelReference(params, output_multiplier, output_shift, input_shape, input_data,
                            filter_shape, filter_data, bias_data, output_shape, output_data);
    return;
  }
  ConvWithSmallEngine(params, layout, output_multiplier, output_shift, input_shape, input_data,
                      filter_shape, filter_data, bias_data, output_shape, output_data);
}

#endif /* KWS_SMALL_ENGINE */
