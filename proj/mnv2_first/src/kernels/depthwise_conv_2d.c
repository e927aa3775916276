/* DEPTHWISE_CONV_2D 3x3 on the mnv2_first accelerator, chosen from the
 * layer's parameters.
 *
 * The accelerator holds a 3x3 window of words (four channels each) and the
 * layer's filters and per-channel parameters. For each output pixel the
 * kernel walks the groups of four channels: it shifts the three columns of
 * the group's receptive field into the window (the input zero point outside
 * the input) and asks for the four outputs, read back one group later so the
 * CPU never waits for the requantization. Walking the channels innermost
 * reads the input sequentially: sliding one group's window along a row
 * instead would revisit every cache line once per group, and the 4 KiB
 * direct-mapped data cache misses on nearly every load. Other shapes (other filter sizes,
 * depth multipliers, dilations, channel counts not a multiple of four or over
 * 512) run the reference loop.
 */
#include "kernels/depthwise_conv_2d.h"

#include <stdint.h>

#include "kernels/depthwise_conv_2d_reference.h"
#include "kernels/mnv2_cfu.h"

static int Mnv2DepthwiseSupported(const struct DepthwiseParams* params,
                                  const struct Dims4* input_shape, const int8_t* input_data,
                                  const struct Dims4* filter_shape,
                                  const struct Dims4* output_shape, int8_t* output_data) {
  return filter_shape->h == 3 && filter_shape->w == 3 && params->depth_multiplier == 1 &&
         params->dilation_width == 1 && params->dilation_height == 1 &&
         input_shape->c % 4 == 0 && input_shape->c / 4 <= MNV2_DW_GROUPS &&
         input_shape->c <= MNV2_MAX_CHANNELS && output_shape->c == input_shape->c &&
         ((uintptr_t)input_data | (uintptr_t)output_data) % 4 == 0;
}

/* Filter word (3 * group + row) * 4 + column: the four channels of one tap. */
static void Mnv2LoadDepthwiseFilters(const int8_t* filter_data, int32_t channels) {
  for (int32_t group = 0; group < channels / 4; ++group) {
    for (int32_t row = 0; row < 3; ++row) {
      for (int32_t column = 0; column < 3; ++column) {
        const int8_t* tap = filter_data + (row * 3 + column) * channels + 4 * group;
        mnv2_op(MNV2_WRITE_FILTER, (3 * group + row) * 4 + column, Mnv2PackBytes(tap));
      }
    }
  }
}

/* The nine taps of one output, each pointing at channel 0 of its input
 * pixel, or at `padding` (four zero-point bytes per group) outside the input. */
static void Mnv2Taps(const struct DepthwiseParams* params, const struct Dims4* input_shape,
                     const uint32_t* batch_input, const uint32_t* padding, int32_t out_y,
                     int32_t out_x, const uint32_t* taps[9]) {
  const int32_t words = input_shape->c / 4;
  for (int32_t row = 0; row < 3; ++row) {
    const int32_t in_y = out_y * params->stride_height - params->padding_height + row;
    for (int32_t column = 0; column < 3; ++column) {
      const int32_t in_x = out_x * params->stride_width - params->padding_width + column;
      const int inside = in_y >= 0 && in_y < input_shape->h && in_x >= 0 && in_x < input_shape->w;
      taps[row * 3 + column] =
          inside ? batch_input + (in_y * input_shape->w + in_x) * words : padding;
    }
  }
}

/* Every group of four channels of one output pixel: three columns into the
 * window, compute; each result is read back one group later. */
static void Mnv2DepthwisePixel(const uint32_t* const taps[9], int32_t groups, uint32_t* out) {
  for (int32_t g = 0; g < groups; ++g) {
    mnv2_op(MNV2_DW_STAGE, taps[0][g], taps[3][g]);
    mnv2_op(MNV2_DW_COLUMN, taps[6][g], 0);
    mnv2_op(MNV2_DW_STAGE, taps[1][g], taps[4][g]);
    mnv2_op(MNV2_DW_COLUMN, taps[7][g], 0);
    mnv2_op(MNV2_DW_STAGE, taps[2][g], taps[5][g]);
    mnv2_op(MNV2_DW_COMPUTE, taps[8][g], g);
    if (g > 0) out[g - 1] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
  }
  out[groups - 1] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
}

void DepthwiseConvPerChannel(const struct DepthwiseParams* params,
                             const int32_t* output_multiplier,
                             const int32_t* output_shift,
                             const struct Dims4* input_shape, const int8_t* input_data,
                             const struct Dims4* filter_shape, const int8_t* filter_data,
                             const int32_t* bias_data,
                             const struct Dims4* output_shape, int8_t* output_data) {
  if (!Mnv2DepthwiseSupported(params, input_shape, input_data, filter_shape, output_shape,
                              output_data)) {
    DepthwiseConvPerChannelReference(params, output_multiplier, output_shift, input_shape,
                                     input_data, filter_shape, filter_data, bias_data,
                                     output_shape, output_data);
    return;
  }
  const int32_t channels = input_shape->c;
  Mnv2BeginLayer(params->input_offset, params->output_offset, params->activation_min,
                 params->activation_max);
  Mnv2LoadChannels(0, channels, bias_data, output_multiplier, output_shift);
  Mnv2LoadDepthwiseFilters(filter_data, channels);
  const uint8_t zero_point = (uint8_t)(int8_t)-params->input_offset;
  uint32_t padding[MNV2_DW_GROUPS];
  const int32_t groups = channels / 4;
  for (int32_t g = 0; g < groups; ++g) padding[g] = zero_point * 0x01010101u;
  const uint32_t* taps[9];
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    const uint32_t* batch_input =
        (const uint32_t*)(input_data + Offset4(input_shape, batch, 0, 0, 0));
    uint32_t* out = (uint32_t*)(output_data + Offset4(output_shape, batch, 0, 0, 0));
    for (int32_t y = 0; y < output_shape->h; ++y) {
      for (int32_t x = 0; x < output_shape->w; ++x, out += groups) {
        Mnv2Taps(params, input_shape, batch_input, padding, y, x, taps);
        Mnv2DepthwisePixel(taps, groups, out);
      }
    }
  }
}
