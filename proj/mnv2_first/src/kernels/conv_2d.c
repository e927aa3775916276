/* CONV_2D on the mnv2_first accelerator, chosen from the layer's parameters.
 *
 * The accelerator multiplies one input vector (up to 128 words of four int8)
 * with up to 512 filters held in its 8 KiB store and queues the requantized
 * outputs, four to a word. What the vector holds, and so how the filters are
 * laid out in the store, depends on the layer and the output pixel:
 *
 * - direct: a 1x1 unpadded convolution pushes each input pixel as it lies in
 *   memory (depth a multiple of four);
 * - row windows: for an output whose receptive field lies inside the input,
 *   each filter row's input bytes are contiguous; the aligned words covering
 *   them are pushed as they are, and the filters are stored shifted by the
 *   bytes' offset in the first word (their phase, 0 to 3), zeros around, so
 *   the extra bytes meet zero weights. One pass over the pixels per phase;
 * - gather: every other output (the border) gets its receptive field copied
 *   into a vector, padding filled with the input zero point (im2col).
 *
 * Filters that do not fit are split into passes over the output channels.
 * Grouped or dilated convolutions, output depths that are not a multiple of
 * four and receptive fields over 512 values run the reference loop.
 */
#include "kernels/conv_2d.h"

#include <stdint.h>

#include "kernels/conv_2d_reference.h"
#include "kernels/mnv2_cfu.h"

#define MNV2_GATHER 4  /* layouts 0 to 3 are row windows of that phase */
#define MNV2_DIRECT 5
#define MNV2_LAYOUTS 6

struct Mnv2Conv {
  const struct ConvParams* params;
  const struct Dims4* input_shape;
  const struct Dims4* filter_shape;
  const struct Dims4* output_shape;
  const int8_t* filter_data;
  int32_t depth;          /* values in one receptive field (kh * kw * c_in) */
  int32_t row_bytes;      /* values in one filter row (kw * c_in) */
  int32_t max_words;      /* the longest vector of any layout used */
  int32_t pass_channels;  /* output channels per pass */
  int windows;            /* interior outputs use row windows */
  int direct;             /* 1x1, unpadded, depth a multiple of four: pixels pushed as they lie */
};

static int32_t Mnv2CeilDiv(int32_t a, int32_t b) { return (a + b - 1) / b; }

static int32_t Mnv2LayoutWords(const struct Mnv2Conv* conv, int layout) {
  if (layout < MNV2_GATHER) return conv->filter_shape->h * Mnv2CeilDiv(layout + conv->row_bytes, 4);
  return Mnv2CeilDiv(conv->depth, 4);
}

static int Mnv2ConvPlan(const struct ConvParams* params, const struct Dims4* input_shape,
                        const struct Dims4* filter_shape, const struct Dims4* output_shape,
                        const int8_t* input_data, int8_t* output_data, struct Mnv2Conv* conv) {
  if (params->dilation_width != 1 || params->dilation_height != 1) return 0;
  if (filter_shape->c != input_shape->c || output_shape->c % 4 != 0) return 0;
  if (((uintptr_t)input_data | (uintptr_t)output_data) % 4 != 0) return 0;
  conv->params = params;
  conv->input_shape = input_shape;
  conv->filter_shape = filter_shape;
  conv->output_shape = output_shape;
  conv->row_bytes = filter_shape->w * filter_shape->c;
  conv->depth = filter_shape->h * conv->row_bytes;
  conv->max_words = Mnv2CeilDiv(conv->depth, 4);
  conv->direct = filter_shape->h == 1 && filter_shape->w == 1 && params->padding_width == 0 &&
                 params->padding_height == 0 && input_shape->c % 4 == 0;
  if (conv->max_words > MNV2_MAX_DEPTH_WORDS) return 0;
  const int32_t window_words = filter_shape->h * Mnv2CeilDiv(3 + conv->row_bytes, 4);
  /* Row windows are word loads from each filter row's start: every input row must keep the phase. */
  conv->windows = window_words <= MNV2_MAX_DEPTH_WORDS && (input_shape->w * input_shape->c) % 4 == 0;
  if (conv->windows && window_words > conv->max_words) conv->max_words = window_words;
  const int32_t stride = Mnv2CeilDiv(conv->max_words, MNV2_MAC_WORDS) * MNV2_MAC_WORDS;
  const int32_t fit = MNV2_FILTER_WORDS / stride / 4 * 4;
  conv->pass_channels = fit < MNV2_MAX_CHANNELS ? fit : MNV2_MAX_CHANNELS;
  return conv->pass_channels >= 4;
}

/* Where output (y, x)'s receptive field starts, in input values from the batch's start. */
static int32_t Mnv2FieldStart(const struct Mnv2Conv* conv, int32_t y, int32_t x) {
  const int32_t in_y = y * conv->params->stride_height - conv->params->padding_height;
  const int32_t in_x = x * conv->params->stride_width - conv->params->padding_width;
  return (in_y * conv->input_shape->w + in_x) * conv->input_shape->c;
}

/* Filter `channel`, as the vector of `layout` meets it, into store words from `base`. */
static void Mnv2LoadFilter(const struct Mnv2Conv* conv, int layout, int32_t channel, int32_t base) {
  const int8_t* filter = conv->filter_data + channel * conv->depth;
  int8_t bytes[4];
  int32_t word = 0;
  if (layout >= MNV2_GATHER) {
    if ((uintptr_t)filter % 4 == 0 && conv->depth % 4 == 0) {
      const uint32_t* words = (const uint32_t*)filter;
      for (; word < conv->depth / 4; ++word) mnv2_op(MNV2_WRITE_FILTER, base + word, words[word]);
      return;
    }
    for (int32_t i = 0; i < 4 * Mnv2LayoutWords(conv, layout); ++i) {
      bytes[i % 4] = i < conv->depth ? filter[i] : 0;
      if (i % 4 == 3) mnv2_op(MNV2_WRITE_FILTER, base + word++, Mnv2PackBytes(bytes));
    }
    return;
  }
  const int32_t row_words = Mnv2CeilDiv(layout + conv->row_bytes, 4);
  for (int32_t row = 0; row < conv->filter_shape->h; ++row) {
    const int8_t* weights = filter + row * conv->row_bytes;
    for (int32_t i = 0; i < 4 * row_words; ++i) {
      const int32_t k = i - layout;
      bytes[i % 4] = k >= 0 && k < conv->row_bytes ? weights[k] : 0;
      if (i % 4 == 3) mnv2_op(MNV2_WRITE_FILTER, base + word++, Mnv2PackBytes(bytes));
    }
  }
}

static inline void Mnv2PushWords(const uint32_t* words, int32_t count) {
  int32_t w = 0;
  for (; w + 1 < count; w += 2) mnv2_op(MNV2_PUSH_INPUT, words[w], words[w + 1]);
  if (w < count) mnv2_op(MNV2_PUSH_INPUT, words[w], 0);
}

static inline void Mnv2ReadOutputs(int8_t* output, int32_t channels) {
  uint32_t* out = (uint32_t*)output;
  int32_t j = 0;
  for (; j + 2 <= channels / 4; j += 2) {  /* two at a time: fewer loop instructions per word */
    out[j] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
    out[j + 1] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
  }
  if (j < channels / 4) out[j] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
}

/* Push `rows` rows of `row_words` words from `row` on, `row_step` bytes apart, in pairs straight
 * from memory (a pair may span two rows). */
static inline void Mnv2PushRows(const int8_t* row, int32_t rows, int32_t row_words,
                                int32_t row_step) {
  uint32_t held = 0;
  int holding = 0;
  for (int32_t r = 0; r < rows; ++r, row += row_step) {
    const uint32_t* words = (const uint32_t*)row;
    for (int32_t w = 0; w < row_words; ++w) {
      if (holding) mnv2_op(MNV2_PUSH_INPUT, held, words[w]);
      held = words[w];
      holding = !holding;
    }
  }
  if (holding) mnv2_op(MNV2_PUSH_INPUT, held, 0);
}

/* Push output (y, x)'s receptive field, gathered (padding filled with the zero point). */
static void Mnv2PushGathered(const struct Mnv2Conv* conv, const int8_t* input, int32_t y,
                             int32_t x) {
  const struct Dims4* in_shape = conv->input_shape;
  union {
    uint32_t words[MNV2_MAX_DEPTH_WORDS];
    int8_t bytes[4 * MNV2_MAX_DEPTH_WORDS];
  } vector;
  int32_t n = 0;
  const int8_t zero_point = (int8_t)-conv->params->input_offset;
  const int32_t in_y0 = y * conv->params->stride_height - conv->params->padding_height;
  const int32_t in_x0 = x * conv->params->stride_width - conv->params->padding_width;
  for (int32_t fy = 0; fy < conv->filter_shape->h; ++fy) {
    for (int32_t fx = 0; fx < conv->filter_shape->w; ++fx) {
      const int32_t in_y = in_y0 + fy, in_x = in_x0 + fx;
      const int inside = in_y >= 0 && in_y < in_shape->h && in_x >= 0 && in_x < in_shape->w;
      const int8_t* pixel = input + (in_y * in_shape->w + in_x) * in_shape->c;
      for (int32_t c = 0; c < in_shape->c; ++c) vector.bytes[n++] = inside ? pixel[c] : zero_point;
    }
  }
  while (n % 4 != 0) vector.bytes[n++] = 0;
  Mnv2PushWords(vector.words, n / 4);
}

/* The outputs whose receptive field lies inside the input: [lo, hi) along one axis. */
static void Mnv2InteriorRange(int32_t out_size, int32_t in_size, int32_t stride, int32_t padding,
                              int32_t kernel, int32_t* lo, int32_t* hi) {
  *lo = Mnv2CeilDiv(padding, stride);
  *hi = *lo;
  while (*hi < out_size && *hi * stride - padding + kernel <= in_size) ++*hi;
}

/* Every output of one batch element in `layout`, for `count` channels from `first`. The
 * previous output's values are read while the accelerator computes the current one. */
static void Mnv2ConvLayout(const struct Mnv2Conv* conv, int layout, const int8_t* input,
                           int8_t* output, int32_t count) {
  const struct ConvParams* params = conv->params;
  const struct Dims4* out_shape = conv->output_shape;
  const int32_t out_step = out_shape->c;
  int8_t* pending = 0;
  if (layout == MNV2_DIRECT) {
    const int32_t words = conv->input_shape->c / 4;
    const int32_t x_step = params->stride_width * words;
    for (int32_t y = 0; y < out_shape->h; ++y) {
      const uint32_t* in = (const uint32_t*)(input + Mnv2FieldStart(conv, y, 0));
      int8_t* out = output + y * out_shape->w * out_step;
      for (int32_t x = 0; x < out_shape->w; ++x, in += x_step, out += out_step) {
        Mnv2PushWords(in, words);
        if (pending) Mnv2ReadOutputs(pending, count);
        pending = out;
      }
    }
  } else {
    int32_t y_lo = 0, y_hi = 0, x_lo = 0, x_hi = 0;
    if (conv->windows) {
      Mnv2InteriorRange(out_shape->h, conv->input_shape->h, params->stride_height,
                        params->padding_height, conv->filter_shape->h, &y_lo, &y_hi);
      Mnv2InteriorRange(out_shape->w, conv->input_shape->w, params->stride_width,
                        params->padding_width, conv->filter_shape->w, &x_lo, &x_hi);
    }
    const int32_t x_step = params->stride_width * conv->input_shape->c;
    if (layout < MNV2_GATHER) {
      /* The phase repeats every `period` outputs along a row. */
      const int32_t period = x_step % 4 == 0 ? 1 : x_step % 2 == 0 ? 2 : 4;
      const int32_t rows = conv->filter_shape->h;
      const int32_t row_words = Mnv2CeilDiv(layout + conv->row_bytes, 4);
      const int32_t row_step = conv->input_shape->w * conv->input_shape->c;
      for (int32_t y = y_lo; y < y_hi; ++y) {
        int32_t x = x_lo;
        int32_t start = Mnv2FieldStart(conv, y, x);
        while (x < x_lo + period && (start & 3) != layout) ++x, start += x_step;
        if ((start & 3) != layout) continue;  /* not in this row */
        for (; x < x_hi; x += period, start += period * x_step) {
          Mnv2PushRows(input + start - layout, rows, row_words, row_step);
          if (pending) Mnv2ReadOutputs(pending, count);
          pending = output + (y * out_shape->w + x) * out_step;
        }
      }
    } else {
      for (int32_t y = 0; y < out_shape->h; ++y) {
        const int interior_row = y >= y_lo && y < y_hi;
        for (int32_t x = 0; x < out_shape->w; ++x) {
          if (interior_row && x == x_lo) x = x_hi;  /* the row windows took these */
          if (x >= out_shape->w) break;
          Mnv2PushGathered(conv, input, y, x);
          if (pending) Mnv2ReadOutputs(pending, count);
          pending = output + (y * out_shape->w + x) * out_step;
        }
      }
    }
  }
  if (pending) Mnv2ReadOutputs(pending, count);
}

/* Which layouts the outputs use. Phases repeat every four outputs along each axis. */
static void Mnv2UsedLayouts(const struct Mnv2Conv* conv, int used[MNV2_LAYOUTS]) {
  const struct ConvParams* params = conv->params;
  const struct Dims4* out_shape = conv->output_shape;
  for (int layout = 0; layout < MNV2_LAYOUTS; ++layout) used[layout] = 0;
  if (conv->direct) {
    used[MNV2_DIRECT] = 1;
    return;
  }
  int32_t y_lo = 0, y_hi = 0, x_lo = 0, x_hi = 0;
  if (conv->windows) {
    Mnv2InteriorRange(out_shape->h, conv->input_shape->h, params->stride_height,
                      params->padding_height, conv->filter_shape->h, &y_lo, &y_hi);
    Mnv2InteriorRange(out_shape->w, conv->input_shape->w, params->stride_width,
                      params->padding_width, conv->filter_shape->w, &x_lo, &x_hi);
  }
  used[MNV2_GATHER] = (y_hi - y_lo) * (x_hi - x_lo) < out_shape->h * out_shape->w;
  for (int32_t y = y_lo; y < y_hi && y < y_lo + 4; ++y) {
    for (int32_t x = x_lo; x < x_hi && x < x_lo + 4; ++x) used[Mnv2FieldStart(conv, y, x) & 3] = 1;
  }
}

void ConvPerChannel(const struct ConvParams* params,
                    const int32_t* output_multiplier,
                    const int32_t* output_shift,
                    const struct Dims4* input_shape, const int8_t* input_data,
                    const struct Dims4* filter_shape, const int8_t* filter_data,
                    const int32_t* bias_data,
                    const struct Dims4* output_shape, int8_t* output_data) {
  struct Mnv2Conv conv;
  if (!Mnv2ConvPlan(params, input_shape, filter_shape, output_shape, input_data, output_data,
                    &conv)) {
    ConvPerChannelReference(params, output_multiplier, output_shift, input_shape, input_data,
                            filter_shape, filter_data, bias_data, output_shape, output_data);
    return;
  }
  conv.filter_data = filter_data;
  int used[MNV2_LAYOUTS];
  Mnv2UsedLayouts(&conv, used);
  Mnv2BeginLayer(params->input_offset, params->output_offset, params->activation_min,
                 params->activation_max);
  const int32_t input_batch = input_shape->h * input_shape->w * input_shape->c;
  const int32_t output_batch = output_shape->h * output_shape->w * output_shape->c;
  for (int32_t first = 0; first < output_shape->c; first += conv.pass_channels) {
    const int32_t rest = output_shape->c - first;
    const int32_t count = rest < conv.pass_channels ? rest : conv.pass_channels;
    Mnv2LoadChannels(first, count, bias_data, output_multiplier, output_shift);
    for (int layout = 0; layout < MNV2_LAYOUTS; ++layout) {
      if (!used[layout]) continue;
      const int32_t words = Mnv2LayoutWords(&conv, layout);
      const int32_t stride = Mnv2CeilDiv(words, MNV2_MAC_WORDS) * MNV2_MAC_WORDS;
      for (int32_t c = 0; c < count; ++c) Mnv2LoadFilter(&conv, layout, first + c, c * stride);
      mnv2_op(MNV2_SET_SHAPE, words - 1, count - 1);
      for (int32_t batch = 0; batch < output_shape->n; ++batch) {
        Mnv2ConvLayout(&conv, layout, input_data + batch * input_batch,
                       output_data + batch * output_batch + first, count);
      }
    }
  }
}
