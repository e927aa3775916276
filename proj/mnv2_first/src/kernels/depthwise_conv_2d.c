/* DEPTHWISE_CONV_2D 3x3 on the mnv2_first accelerator, chosen from the
 * layer's parameters.
 *
 * The accelerator holds a 3x3 window of words (four channels each) and the
 * layer's filters and per-channel parameters. For each output row and group
 * of four channels the kernel slides the window along the row: it shifts in
 * one input column per step (padding columns and rows are the input zero
 * point) and, once the window covers an output's receptive field, asks for
 * that output; the packed result is read back one step later, so the CPU
 * never waits for the requantization. Other shapes (other filter sizes,
 * depth multipliers, dilations, channel counts not a multiple of four or over
 * 512) run the reference loop.
 */
#include "kernels/depthwise_conv_2d.h"

#include <stddef.h>
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

struct Mnv2Rows {
  const uint32_t* row[3];  /* the three input rows at this group's channels, NULL in the padding */
  int32_t width;           /* input columns */
  int32_t step;            /* words from one column to the next */
  uint32_t padding;        /* four zero-point bytes */
};

static inline uint32_t Mnv2InputWord(const struct Mnv2Rows* rows, int r, int32_t column) {
  if (rows->row[r] == NULL || column < 0 || column >= rows->width) return rows->padding;
  return rows->row[r][column * rows->step];
}

/* Shift column `column` into the window; compute four outputs when `compute`. */
static inline void Mnv2FeedColumn(const struct Mnv2Rows* rows, int32_t column, int compute,
                                  int32_t group) {
  mnv2_op(MNV2_DW_STAGE, Mnv2InputWord(rows, 0, column), Mnv2InputWord(rows, 1, column));
  if (compute) {
    mnv2_op(MNV2_DW_COMPUTE, Mnv2InputWord(rows, 2, column), group);
  } else {
    mnv2_op(MNV2_DW_COLUMN, Mnv2InputWord(rows, 2, column), 0);
  }
}

/* One output row of one group of four channels. */
static void Mnv2DepthwiseRow(const struct DepthwiseParams* params, const struct Mnv2Rows* rows,
                             int32_t group, int32_t out_width, uint32_t* out, int32_t out_step) {
  int32_t column = -params->padding_width;
  for (int32_t x = 0; x < out_width; ++x) {
    const int32_t last = x * params->stride_width - params->padding_width + 2;
    for (; column < last; ++column) Mnv2FeedColumn(rows, column, 0, group);
    Mnv2FeedColumn(rows, column++, 1, group);
    if (x > 0) out[(x - 1) * out_step] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
  }
  out[(out_width - 1) * out_step] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
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
  Mnv2SetQuantization(params->input_offset, params->output_offset, params->activation_min,
                      params->activation_max);
  Mnv2LoadChannels(0, channels, bias_data, output_multiplier, output_shift);
  Mnv2LoadDepthwiseFilters(filter_data, channels);
  const uint8_t zero_point = (uint8_t)(int8_t)-params->input_offset;
  struct Mnv2Rows rows = {.width = input_shape->w, .step = channels / 4,
                          .padding = zero_point * 0x01010101u};
  for (int32_t batch = 0; batch < output_shape->n; ++batch) {
    for (int32_t y = 0; y < output_shape->h; ++y) {
      const uint32_t* rows_base[3];
      for (int r = 0; r < 3; ++r) {
        const int32_t in_y = y * params->stride_height - params->padding_height + r;
        rows_base[r] = in_y < 0 || in_y >= input_shape->h
                           ? NULL
                           : (const uint32_t*)(input_data +
                                               Offset4(input_shape, batch, in_y, 0, 0));
      }
      uint32_t* out = (uint32_t*)(output_data + Offset4(output_shape, batch, y, 0, 0));
      for (int32_t group = 0; group < channels / 4; ++group) {
        for (int r = 0; r < 3; ++r) rows.row[r] = rows_base[r] ? rows_base[r] + group : NULL;
        Mnv2DepthwiseRow(params, &rows, group, output_shape->w, out + group, channels / 4);
      }
    }
  }
}
