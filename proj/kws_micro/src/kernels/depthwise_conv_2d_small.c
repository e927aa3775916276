/* DEPTHWISE_CONV_2D for kws_micro's small engine (the Fomu's PicoRV32;
 * depthwise_conv_2d.c is the big engine's): 3x3 filters, depth multiplier 1.
 * The image goes into the engine as planes, one per word of four channels,
 * each with its padding made explicit (the zero point; the input offset is
 * folded into the biases), as many planes at a time as the input memory holds.
 * Each output pixel and four channels is one DEPTHWISE instruction, which walks
 * the nine taps itself from the window's top-left word. The filter holds, per
 * channel, its nine taps in that channel's byte of a word. Other shapes go to
 * the reference loop nest (kernels/depthwise_conv_2d_reference.h). */
#include "kws_small_cfu.h"

#ifdef KWS_SMALL_ENGINE

#include "kernels/depthwise_conv_2d.h"
#include "kernels/depthwise_conv_2d_reference.h"
#include "kernels/kws_padded_image.h"
#include "kernels/kws_small_engine.h"

/* The region the windows read: from the leading padding to the last window. */
static int32_t SpanHeight(const struct DepthwiseParams* params, const struct Dims4* output_shape) {
  return (output_shape->h - 1) * params->stride_height + 3;
}

static int32_t SpanWidth(const struct DepthwiseParams* params, const struct Dims4* output_shape) {
  return (output_shape->w - 1) * params->stride_width + 3;
}

/* Planes in the engine at a time: the most that divide the depth's words and
 * fit the input memory, or 0. */
static int32_t GroupPlanes(const struct DepthwiseParams* params, const struct Dims4* input_shape,
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
         GroupPlanes(params, input_shape, output_shape) > 0;
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

/* The planes of channel words first .. first + group - 1, one after the
 * other: every cell the windows read, zero-point words outside the image. */
static void StreamPlanes(const struct DepthwiseParams* params, const struct Dims4* input_shape,
                         const uint32_t* image, const struct Dims4* output_shape, int32_t first,
                         int32_t group, uint32_t pad_word) {
  const int32_t channel_words = input_shape->c / 4;
  const int32_t height = SpanHeight(params, output_shape);
  const int32_t width = SpanWidth(params, output_shape);
  kws_small_op(KWS_S_SET_POINTERS, 0, 0);
  for (int32_t k = first; k < first + group; ++k) {
    for (int32_t y = 0; y < height; ++y) {
      const int32_t in_y = y - params->padding_height;
      const int row_inside = in_y >= 0 && in_y < input_shape->h;
      const uint32_t* row = row_inside ? image + in_y * input_shape->w * channel_words + k : image;
      for (int32_t x = 0; x < width; ++x) {
        const int32_t in_x = x - params->padding_width;
        const int inside = row_inside && in_x >= 0 && in_x < input_shape->w;
        kws_small_op(KWS_S_STREAM_INPUT, inside ? row[in_x * channel_words] : pad_word, 0);
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
  const int32_t channels = input_shape->c;
  const int32_t channel_words = channels / 4;
  const int32_t group = GroupPlanes(params, input_shape, output_shape);
  const int32_t width = SpanWidth(params, output_shape);
  const uint32_t plane_words = (uint32_t)(SpanHeight(params, output_shape) * width);
  const int8_t pad = (int8_t)(-params->input_offset);
  const uint32_t pad_word = KwsPack(pad, pad, pad, pad);
  KwsSmallSetOutput(params->output_offset, params->activation_min, params->activation_max);
  for (int32_t c = 0; c < channels; ++c) {
    KwsSmallLoadChannel(c, bias_data, params->input_offset, filter_data + c, KWS_S_TAPS, channels,
                        output_multiplier, output_shift);
  }
  LoadSmallFilter(filter_data, channels);
  kws_small_op(KWS_S_SET_ROW_STEP, width - 2, 0);
  const int32_t image_words = input_shape->h * input_shape->w * channel_words;
  const uint32_t row_words = (uint32_t)(params->stride_height * width);
  const uint32_t column_words = (uint32_t)params->stride_width;
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    const uint32_t* image = (const uint32_t*)input_data + batch * image_words;
    uint32_t* out_batch = (uint32_t*)output_data + batch * output_shape->h * output_shape->w *
                                                      channel_words;
    for (int32_t first = 0; first < channel_words; first += group) {
      StreamPlanes(params, input_shape, image, output_shape, first, group, pad_word);
      for (int32_t k = 0; k < group; ++k) {
        const uint32_t quad = (uint32_t)(first + k);
        const uint32_t filter = KwsSmallFilterOperand(quad * 4u * KWS_S_TAPS, quad);
        uint32_t* out = out_batch + quad;
        uint32_t row_start = (uint32_t)k * plane_words;
        for (int32_t out_y = 0; out_y < output_shape->h; ++out_y, row_start += row_words) {
          uint32_t window = row_start;
          for (int32_t out_x = 0; out_x < output_shape->w; ++out_x, window += column_words) {
            *out = kws_small_op(KWS_S_DEPTHWISE, window, filter);
            out += channel_words;
          }
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
