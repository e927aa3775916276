/* DEPTHWISE_CONV_2D 3x3 on the mnv2_first accelerator, chosen from the
 * layer's parameters.
 *
 * The accelerator holds a 3x3 window of words (four channels each) for each
 * group of four channels, and the layer's filters and per-channel
 * parameters. Along each output row, the kernel shifts one input column at a
 * time into the windows of all groups (the input zero point outside the
 * input); once the windows cover an output's receptive field it asks for the
 * group's four outputs, read back one group later so the CPU never waits for
 * the requantization. Walking the groups innermost reads the input in memory
 * order; one group's window sliding along a whole row would revisit every
 * cache line once per group, and the 4 KiB direct-mapped data cache would
 * miss on nearly every load. Other shapes (other filter sizes,
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

/* One output row's input: each of the three rows at its first pixel, or NULL in the padding. */
struct Mnv2Rows {
  const uint32_t* row[3];
  int32_t width;              /* input pixels per row */
  int32_t groups;             /* words per input pixel */
  const uint32_t* padding;    /* `groups` words of four zero-point bytes */
};

/* Input column `column` of every group into its window; with `out`, the last of an output's field:
 * each group's four outputs are computed and read back one group later, into `out`. */
static void Mnv2FeedColumn(const struct Mnv2Rows* rows, int32_t column, uint32_t* out) {
  const uint32_t* taps[3];
  const int inside = column >= 0 && column < rows->width;
  for (int r = 0; r < 3; ++r) {
    taps[r] = inside && rows->row[r] ? rows->row[r] + column * rows->groups : rows->padding;
  }
  const uint32_t* top = taps[0];
  const uint32_t* middle = taps[1];
  const uint32_t* bottom = taps[2];
  if (!out) {
    for (int32_t g = 0; g < rows->groups; ++g) {
      mnv2_op(MNV2_DW_STAGE, top[g], middle[g]);
      mnv2_op(MNV2_DW_COLUMN, bottom[g], g);
    }
    return;
  }
  mnv2_op(MNV2_DW_STAGE, top[0], middle[0]);
  mnv2_op(MNV2_DW_COMPUTE, bottom[0], 0);
  for (int32_t g = 1; g < rows->groups; ++g) {
    mnv2_op(MNV2_DW_STAGE, top[g], middle[g]);
    mnv2_op(MNV2_DW_COMPUTE, bottom[g], g);
    out[g - 1] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
  }
  out[rows->groups - 1] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
}

/* One output row: the window of every group slides along it, a column at a time. */
static void Mnv2DepthwiseRow(const struct DepthwiseParams* params, const struct Mnv2Rows* rows,
                             int32_t out_width, uint32_t* out) {
  int32_t next = -params->padding_width;  /* the next input column to feed */
  for (int32_t x = 0; x < out_width; ++x, out += rows->groups) {
    const int32_t field = x * params->stride_width - params->padding_width;
    if (next < field) next = field;  /* strides over 3 skip columns */
    for (; next < field + 2; ++next) Mnv2FeedColumn(rows, next, 0);
    Mnv2FeedColumn(rows, next++, out);
  }
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
  struct Mnv2Rows rows = {.width = input_shape->w, .groups = groups, .padding = padding};
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    for (int32_t y = 0; y < output_shape->h; ++y) {
      for (int r = 0; r < 3; ++r) {
        const int32_t in_y = y * params->stride_height - params->padding_height + r;
        rows.row[r] = in_y < 0 || in_y >= input_shape->h
                          ? 0
                          : (const uint32_t*)(input_data + Offset4(input_shape, batch, in_y, 0, 0));
      }
      Mnv2DepthwiseRow(params, &rows, output_shape->w,
                       (uint32_t*)(output_data + Offset4(output_shape, batch, y, 0, 0)));
    }
  }
}
