/* DEPTHWISE_CONV_2D for kws_micro's big engine (VexRiscv;
 * depthwise_conv_2d_small.c is the Fomu's): 3x3 filters, depth multiplier 1.
 * The whole input image goes into the engine's input memory once; then one DEPTHWISE
 * instruction per output pixel and four channels addresses the nine taps
 * itself, from the centre word and the row and pixel strides, with the taps
 * outside the image masked off. Other shapes go to the reference loop nest
 * (kernels/depthwise_conv_2d_reference.h). */
#include "kws_small_cfu.h"

#ifndef KWS_SMALL_ENGINE

#include "kernels/depthwise_conv_2d.h"
#include "kernels/depthwise_conv_2d_reference.h"
#include "kernels/kws_engine.h"

#define KWS_TAPS 9

static int EngineTakes(const struct DepthwiseParams* params, const struct Dims4* input_shape,
                       const struct Dims4* filter_shape) {
  const int32_t channel_words = input_shape->c / 4;
  return filter_shape->h == 3 && filter_shape->w == 3 && params->depth_multiplier == 1 &&
         params->dilation_width == 1 && params->dilation_height == 1 &&
         input_shape->c % 4 == 0 && input_shape->c <= KWS_CHANNELS &&
         channel_words * KWS_TAPS <= KWS_FILTER_WORDS &&
         input_shape->h * input_shape->w * channel_words <= KWS_INPUT_WORDS;
}

/* Four channels' nine taps in lane 0, from 9 * (channel / 4) on. */
static void LoadFilter(const int8_t* filter_data, int32_t channels) {
  const uint32_t* taps = (const uint32_t*)filter_data; /* [tap][channel] */
  const int32_t channel_words = channels / 4;
  for (int32_t tap = 0; tap < KWS_TAPS; ++tap) {
    for (int32_t k = 0; k < channel_words; ++k) {
      kws_op(KWS_WRITE_FILTER, KwsFilterAddress((uint32_t)(k * KWS_TAPS + tap), 0), *taps++);
    }
  }
}

/* Bit d set when row (or column) origin + d of a 3-wide window is inside 0..size-1. */
static uint32_t InsideBits(int32_t origin, int32_t size) {
  uint32_t bits = 0;
  for (int32_t d = 0; d < 3; ++d) {
    if (origin + d >= 0 && origin + d < size) bits |= 1u << d;
  }
  return bits;
}

/* The tap mask (bit 3 * dy + dx) of the rows and of the columns inside. */
static uint32_t RowMask(uint32_t rows) {
  return (rows & 1u ? 0x007u : 0u) | (rows & 2u ? 0x038u : 0u) | (rows & 4u ? 0x1C0u : 0u);
}

static uint32_t ColumnMask(uint32_t columns) { return columns * 0x49u; }

static void DepthwiseWithEngine(const struct DepthwiseParams* params,
                                const int32_t* output_multiplier, const int32_t* output_shift,
                                const struct Dims4* input_shape, const int8_t* input_data,
                                const int8_t* filter_data, const int32_t* bias_data,
                                const struct Dims4* output_shape, int8_t* output_data) {
  const int32_t channel_words = input_shape->c / 4;
  const int32_t image_words = input_shape->h * input_shape->w * channel_words;
  KwsLoadQuantization(params->input_offset, params->output_offset, params->activation_min,
                      params->activation_max, bias_data, output_multiplier, output_shift,
                      output_shape->c);
  LoadFilter(filter_data, input_shape->c);
  kws_op(KWS_SET_STRIDES, input_shape->w * channel_words, channel_words);
  const uint32_t quads = (uint32_t)channel_words;
  uint32_t* out = (uint32_t*)output_data;
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    KwsWriteInputWords(0, (const uint32_t*)(input_data + batch * image_words * 4), image_words);
    for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {
      const int32_t in_y_origin = out_y * params->stride_height - params->padding_height;
      const uint32_t row_mask = RowMask(InsideBits(in_y_origin, input_shape->h));
      for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {
        const int32_t in_x_origin = out_x * params->stride_width - params->padding_width;
        const uint32_t mask = row_mask & ColumnMask(InsideBits(in_x_origin, input_shape->w));
        /* The centre may lie outside the image: addresses wrap modulo the
         * memory, and every tap read is inside. */
        const int32_t centre =
            ((in_y_origin + 1) * input_shape->w + in_x_origin + 1) * channel_words;
        const uint32_t first = KwsInputOperand((uint32_t)centre & (KWS_INPUT_WORDS - 1), mask);
        for (uint32_t k = 0; k < quads; ++k) {
          /* A carry out of the 11 address bits is ignored by the engine and
           * never reaches the mask at bit 16. */
          out[k] = kws_op(KWS_DEPTHWISE, first + k, KwsFilterOperand(k * KWS_TAPS, k));
        }
        out += quads;
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
  if (!EngineTakes(params, input_shape, filter_shape)) {
    DepthwiseConvPerChannelReference(params, output_multiplier, output_shift, input_shape,
                                     input_data, filter_shape, filter_data, bias_data,
                                     output_shape, output_data);
    return;
  }
  DepthwiseWithEngine(params, output_multiplier, output_shift, input_shape, input_data,
                      filter_data, bias_data, output_shape, output_data);
}

#endif /* !KWS_SMALL_ENGINE */
