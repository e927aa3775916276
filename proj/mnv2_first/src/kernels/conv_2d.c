/* CONV_2D on the mnv2_first accelerator, chosen from the layer's parameters.
 *
 * The accelerator multiplies one input vector (up to 512 int8 values) with up
 * to 512 filters held in its 8 KiB store and queues the requantized outputs,
 * four to a word. A 1x1 convolution pushes each input pixel as it lies in
 * memory; any other convolution gathers each output's receptive field into a
 * vector first (im2col, padding filled with the input zero point). Filters
 * that do not fit are split into passes over the output channels. Shapes it
 * does not take (grouped or dilated convolutions, output depths that are not
 * a multiple of four, receptive fields over 512 values) run the reference loop.
 */
#include "kernels/conv_2d.h"

#include <stdint.h>

#include "kernels/conv_2d_reference.h"
#include "kernels/mnv2_cfu.h"

struct Mnv2ConvShape {
  int32_t depth;          /* values in one input vector (kh * kw * c_in) */
  int32_t words;          /* 32-bit words in one input vector */
  int32_t stride;         /* filter-store words between two filters */
  int32_t pass_channels;  /* output channels per pass */
  int direct;             /* 1x1, unpadded, word-aligned: push pixels from memory */
};

static int Mnv2ConvShapeOf(const struct ConvParams* params, const struct Dims4* input_shape,
                           const struct Dims4* filter_shape, const struct Dims4* output_shape,
                           struct Mnv2ConvShape* shape) {
  if (params->dilation_width != 1 || params->dilation_height != 1) return 0;
  if (filter_shape->c != input_shape->c || output_shape->c % 4 != 0) return 0;
  shape->depth = filter_shape->h * filter_shape->w * filter_shape->c;
  shape->words = (shape->depth + 3) / 4;
  if (shape->words > MNV2_MAX_DEPTH_WORDS) return 0;
  shape->stride = (shape->words + MNV2_MAC_WORDS - 1) / MNV2_MAC_WORDS * MNV2_MAC_WORDS;
  int32_t fit = MNV2_FILTER_WORDS / shape->stride / 4 * 4;
  shape->pass_channels = fit < MNV2_MAX_CHANNELS ? fit : MNV2_MAX_CHANNELS;
  shape->direct = filter_shape->h == 1 && filter_shape->w == 1 && params->padding_width == 0 &&
                  params->padding_height == 0 && input_shape->c % 4 == 0;
  return shape->pass_channels >= 4;
}

/* Filters first .. first + count - 1, each padded to `stride` words. */
static void Mnv2LoadFilters(const struct Mnv2ConvShape* shape, const int8_t* filter_data,
                            int32_t first, int32_t count) {
  int8_t tail[4] = {0, 0, 0, 0};
  for (int32_t c = 0; c < count; ++c) {
    const int8_t* filter = filter_data + (first + c) * shape->depth;
    for (int32_t w = 0; w < shape->words; ++w) {
      const int8_t* bytes = filter + 4 * w;
      if (4 * w + 4 > shape->depth) {  /* the last word of a ragged vector: zero weights */
        for (int32_t i = 0; i < 4; ++i) tail[i] = 4 * w + i < shape->depth ? bytes[i] : 0;
        bytes = tail;
      }
      mnv2_op(MNV2_WRITE_FILTER, c * shape->stride + w, Mnv2PackBytes(bytes));
    }
  }
}

static void Mnv2PushVector(const uint32_t* words, int32_t count) {
  int32_t w = 0;
  for (; w + 1 < count; w += 2) mnv2_op(MNV2_PUSH_INPUT, words[w], words[w + 1]);
  if (w < count) mnv2_op(MNV2_PUSH_INPUT, words[w], 0);
}

static void Mnv2ReadOutputs(int8_t* output, int32_t channels) {
  uint32_t* out = (uint32_t*)output;
  for (int32_t j = 0; j < channels / 4; ++j) out[j] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
}

/* The receptive field of output (out_y, out_x), padding filled with the zero point. */
static void Mnv2Gather(const struct ConvParams* params, const struct Dims4* input_shape,
                       const int8_t* input, const struct Dims4* filter_shape,
                       int32_t out_y, int32_t out_x, int8_t* vector) {
  const int8_t zero_point = (int8_t)-params->input_offset;
  const int32_t depth = input_shape->c;
  int32_t n = 0;
  for (int32_t fy = 0; fy < filter_shape->h; ++fy) {
    const int32_t in_y = out_y * params->stride_height - params->padding_height + fy;
    for (int32_t fx = 0; fx < filter_shape->w; ++fx) {
      const int32_t in_x = out_x * params->stride_width - params->padding_width + fx;
      const int inside = in_y >= 0 && in_y < input_shape->h && in_x >= 0 && in_x < input_shape->w;
      const int8_t* pixel = input + (in_y * input_shape->w + in_x) * depth;
      for (int32_t c = 0; c < depth; ++c) vector[n++] = inside ? pixel[c] : zero_point;
    }
  }
  while (n % 4 != 0) vector[n++] = 0;
}

/* One pass over every output pixel of one batch element, for `count` channels from `first`. */
static void Mnv2ConvPass(const struct ConvParams* params, const struct Mnv2ConvShape* shape,
                         const struct Dims4* input_shape, const int8_t* input,
                         const struct Dims4* filter_shape, const struct Dims4* output_shape,
                         int8_t* output, int32_t first, int32_t count) {
  union {
    uint32_t words[MNV2_MAX_DEPTH_WORDS];
    int8_t bytes[4 * MNV2_MAX_DEPTH_WORDS];
  } vector;
  const int32_t pixels = output_shape->h * output_shape->w;
  int8_t* out = output + first;
  for (int32_t p = 0; p < pixels; ++p) {
    const int32_t out_y = p / output_shape->w;
    const int32_t out_x = p % output_shape->w;
    if (shape->direct) {
      const int32_t in_y = out_y * params->stride_height;
      const int32_t in_x = out_x * params->stride_width;
      Mnv2PushVector((const uint32_t*)(input + (in_y * input_shape->w + in_x) * input_shape->c),
                     shape->words);
    } else {
      Mnv2Gather(params, input_shape, input, filter_shape, out_y, out_x, vector.bytes);
      Mnv2PushVector(vector.words, shape->words);
    }
    /* The previous pixel's outputs were computed while this one was pushed. */
    if (p > 0) Mnv2ReadOutputs(out + (p - 1) * output_shape->c, count);
  }
  Mnv2ReadOutputs(out + (pixels - 1) * output_shape->c, count);
}

void ConvPerChannel(const struct ConvParams* params,
                    const int32_t* output_multiplier,
                    const int32_t* output_shift,
                    const struct Dims4* input_shape, const int8_t* input_data,
                    const struct Dims4* filter_shape, const int8_t* filter_data,
                    const int32_t* bias_data,
                    const struct Dims4* output_shape, int8_t* output_data) {
  struct Mnv2ConvShape shape;
  const int aligned = ((uintptr_t)input_data | (uintptr_t)output_data) % 4 == 0;
  if (!aligned || !Mnv2ConvShapeOf(params, input_shape, filter_shape, output_shape, &shape)) {
    ConvPerChannelReference(params, output_multiplier, output_shift, input_shape, input_data,
                            filter_shape, filter_data, bias_data, output_shape, output_data);
    return;
  }
  Mnv2SetQuantization(params->input_offset, params->output_offset, params->activation_min,
                      params->activation_max);
  const int32_t input_batch = input_shape->h * input_shape->w * input_shape->c;
  const int32_t output_batch = output_shape->h * output_shape->w * output_shape->c;
  for (int32_t first = 0; first < output_shape->c; first += shape.pass_channels) {
    const int32_t rest = output_shape->c - first;
    const int32_t count = rest < shape.pass_channels ? rest : shape.pass_channels;
    Mnv2LoadChannels(first, count, bias_data, output_multiplier, output_shift);
    Mnv2LoadFilters(&shape, filter_data, first, count);
    mnv2_op(MNV2_SET_SHAPE, shape.words - 1, count - 1);
    for (int32_t batch = 0; batch < output_shape->n; ++batch) {
      Mnv2ConvPass(params, &shape, input_shape, input_data + batch * input_batch, filter_shape,
                   output_shape, output_data + batch * output_batch, first, count);
    }
  }
}
