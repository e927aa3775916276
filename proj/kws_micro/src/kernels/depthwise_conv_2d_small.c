/* DEPTHWISE_CONV_2D for kws_micro's small engine (the Fomu's PicoRV32;
 * depthwise_conv_2d.c is the big engine's): 3x3 filters, depth multiplier 1.
 * The channels go through the engine in groups small enough that the group's
 * image, with its padding made explicit, fits the engine's input memory. Each
 * output pixel and four channels is one DEPTHWISE instruction, which walks the
 * nine taps itself from the window's top-left word. The filter holds, per
 * channel, its nine taps in that channel's byte of a word. Other shapes go to
 * the reference loop nest (kernels/depthwise_conv_2d_reference.h). */
#include "kws_small_cfu.h"

#ifdef KWS_SMALL_ENGINE

#include "kernels/depthwise_conv_2d.h"
#include "kernels/depthwise_conv_2d_reference.h"
#include "kernels/kws_small_engine.h"

/* The region the windows read: from the leading padding to the last window. */
static int32_t SpanHeight(const struct DepthwiseParams* params, const struct Dims4* output_shape) {
  return (output_shape->h - 1) * params->stride_height + 3;
}

static int32_t SpanWidth(const struct DepthwiseParams* params, const struct Dims4* output_shape) {
  return (output_shape->w - 1) * params->stride_width + 3;
}

/* Words per pixel of a channel group: the most that divide the depth and fit
 * the input memory with the padding, or 0. */
static int32_t GroupWords(const struct DepthwiseParams* params, const struct Dims4* input_shape,
                          const struct Dims4* output_shape) {
  const int32_t channel_words = input_shape->c / 4;
  const int32_t cells = SpanHeight(params, output_shape) * SpanWidth(params, output_shape);
  for (int32_t group = channel_words; group > 0; --group) {
    if (channel_words % group == 0 && cells * group <= KWS_S_INPUT_WORDS) return group;
  }
  return 0;
}

static int SmallEngineTakes(const struct DepthwiseParams* params,
                            const int32_t* output_multiplier, const int32_t* output_shift,
                            const struct Dims4* input_shape, const struct Dims4* filter_shape,
                            const struct Dims4* output_shape) {
  return filter_shape->h == 3 && filter_shape->w == 3 && params->depth_multiplier == 1 &&
         params->dilation_width == 1 && params->dilation_height == 1 &&
         input_shape->c % 4 == 0 && input_shape->c * KWS_S_TAPS <= KWS_S_FILTER_WORDS &&
         KwsSmallTakesQuantization(output_multiplier, output_shift, input_shape->c) &&
         GroupWords(params, input_shape, output_shape) > 0;
}

/* Channel c's nine taps at 9c on, each alone in byte c % 4 of its word. */
static void LoadSmallFilter(const int8_t* filter_data, int32_t channels) {
  kws_small_op(KWS_S_SET_POINTERS, 0, 0);
  for (int32_t c = 0; c < channels; ++c) {
    const int32_t lane_shift = 8 * (c % 4);
    for (int32_t tap = 0; tap < KWS_S_TAPS; ++tap) {
      const uint32_t weight = (uint32_t)(uint8_t)filter_data[tap * channels + c];
      kws_small_op(KWS_S_STREAM_FILTER, weight << lane_shift, 0);
    }
  }
}

/* The group's words of every cell the windows read, zero-point words outside
 * the image. */
static void StreamGroup(const struct DepthwiseParams* params, const struct Dims4* input_shape,
                        const uint32_t* image, const struct Dims4* output_shape,
                        int32_t first_word, int32_t group, uint32_t pad_word) {
  const int32_t channel_words = input_shape->c / 4;
  const int32_t height = SpanHeight(params, output_shape);
  const int32_t width = SpanWidth(params, output_shape);
  kws_small_op(KWS_S_SET_POINTERS, 0, 0);
  for (int32_t y = 0; y < height; ++y) {
    const int32_t in_y = y - params->padding_height;
    for (int32_t x = 0; x < width; ++x) {
      const int32_t in_x = x - params->padding_width;
      if (in_y < 0 || in_y >= input_shape->h || in_x < 0 || in_x >= input_shape->w) {
        for (int32_t k = 0; k < group; ++k) kws_small_op(KWS_S_STREAM_INPUT, pad_word, 0);
      } else {
        const uint32_t* words = image + (in_y * input_shape->w + in_x) * channel_words + first_word;
        for (int32_t k = 0; k < group; ++k) kws_small_op(KWS_S_STREAM_INPUT, words[k], 0);
      }
    }
  }
}

static void DepthwiseWithSmallEngine(const struct DepthwiseParams* params,
                                     const int32_t* output_multiplier,
                                     const int32_t* output_shift,
                                     const struct Dims4* input_shape, const int8_t* input_data,
                                     const int8_t* filter_data, const int32_t* bias_data,
                                     const struct Dims4* output_shape, int8_t* output_data) {
  const int32_t channel_words = input_shape->c / 4;
  const int32_t group = GroupWords(params, input_shape, output_shape);
  const int32_t width = SpanWidth(params, output_shape);
  const int8_t pad = (int8_t)(-params->input_offset);
  const uint32_t pad_word = KwsSmallPack(pad, pad, pad, pad);
  KwsSmallLoadQuantization(params->input_offset, params->output_offset, params->activation_min,
                           params->activation_max, bias_data, output_multiplier, output_shift,
                           output_shape->c);
  LoadSmallFilter(filter_data, input_shape->c);
  kws_small_op(KWS_S_SET_STEPS, group, (width - 2) * group);
  const int32_t image_words = input_shape->h * input_shape->w * channel_words;
  const uint32_t row_words = (uint32_t)(params->stride_height * width * group);
  const uint32_t column_words = (uint32_t)(params->stride_width * group);
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    const uint32_t* image = (const uint32_t*)input_data + batch * image_words;
    uint32_t* out_batch = (uint32_t*)output_data + batch * output_shape->h * output_shape->w *
                                                      channel_words;
    for (int32_t first = 0; first < channel_words; first += group) {
      StreamGroup(params, input_shape, image, output_shape, first, group, pad_word);
      uint32_t* out = out_batch + first;
      uint32_t row_start = 0;
      for (int32_t out_y = 0; out_y < output_shape->h; ++out_y, row_start += row_words) {
        uint32_t window = KwsSmallInputOperand(row_start, 0);
        for (int32_t out_x = 0; out_x < output_shape->w; ++out_x, window += column_words) {
          for (int32_t k = 0; k < group; ++k) {
            const uint32_t quad = (uint32_t)(first + k);
            out[k] = kws_small_op(KWS_S_DEPTHWISE, window + (uint32_t)k,
                                  KwsSmallFilterOperand(quad * 4u * KWS_S_TAPS, quad));
          }
          out += channel_words;
        }
      }
    }
  }
}

void DepthwiseConvPerChannel(const struct DepthwiseParams* params,
                             const int32_t* output_multiplier,
                             const int32_t* output_shift,
                             const struct Dims4* input_shape, const int8_t* input_data,
                             const struct Dims4* filter_shape, const int8_t* filter_data,
                             const int32_t* bias_data,
                             const struct Dims4* output_shape, int8_t* output_data) {
  if (!SmallEngineTakes(params, output_multiplier, output_shift, input_shape, filter_shape,
                        output_shape)) {
    DepthwiseConvPerChannelReference(params, output_multiplier, output_shift, input_shape,
                                     input_data, filter_shape, filter_data, bias_data,
                                     output_shape, output_data);
    return;
  }
  DepthwiseWithSmallEngine(params, output_multiplier, output_shift, input_shape, input_data,
                           filter_data, bias_data, output_shape, output_data);
}

#endif /* KWS_SMALL_ENGINE */
