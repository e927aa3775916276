/* Reference int8 and 16x8 TRANSPOSE_CONV. */
#include "kernels/transpose_conv.h"

/* The int8 output stage: 32-bit accumulator, Q31 requantization. */
static inline int32_t Requantize8(int32_t acc, int32_t multiplier, int32_t shift) {
  return MultiplyByQuantizedMultiplier(acc, multiplier, shift);
}

/* The 16x8 output stage: 64-bit accumulator, the multiplier rounded to 16 bits. */
static inline int32_t Requantize16x8(int64_t acc, int32_t multiplier, int32_t shift) {
  return MultiplyByQuantizedMultiplier64(acc, multiplier, shift);
}

/* Defines the kernel `Name` for activation type T, accumulator and bias type Acc and output stage
 * `Requantize` (16x8: the input and output offsets are 0). */
#define DEFINE_TRANSPOSE_CONV(Name, T, Acc, Requantize)                                             \
  void Name(const struct TransposeConvParams* params, const int32_t* output_multiplier,            \
            const int32_t* output_shift, const struct Dims4* input_shape, const T* input_data,     \
            const struct Dims4* filter_shape, const int8_t* filter_data, const Acc* bias_data,     \
            const struct Dims4* output_shape, T* output_data) {                                    \
    const int32_t sh = params->stride_height, sw = params->stride_width;                           \
    for (int32_t b = 0; b < output_shape->n; ++b) {                                                \
      for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {                                  \
        for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {                                \
          for (int32_t oc = 0; oc < output_shape->c; ++oc) {                                       \
            Acc acc = 0;                                                                           \
            for (int32_t fy = 0; fy < filter_shape->h; ++fy) {                                     \
              /* in_y * stride - padding + fy == out_y */                                          \
              const int32_t y = out_y + params->padding_height - fy;                               \
              if (y < 0 || y % sh != 0 || y / sh >= input_shape->h) continue;                      \
              for (int32_t fx = 0; fx < filter_shape->w; ++fx) {                                   \
                const int32_t x = out_x + params->padding_width - fx;                              \
                if (x < 0 || x % sw != 0 || x / sw >= input_shape->w) continue;                    \
                const T* in = input_data + Offset4(input_shape, b, y / sh, x / sw, 0);             \
                const int8_t* filter = filter_data + Offset4(filter_shape, oc, fy, fx, 0);         \
                for (int32_t ic = 0; ic < input_shape->c; ++ic) {                                  \
                  acc += (in[ic] + params->input_offset) * filter[ic];                             \
                }                                                                                  \
              }                                                                                    \
            }                                                                                      \
            if (bias_data) acc += bias_data[oc];                                                   \
            const int32_t scaled = Requantize(acc, output_multiplier[oc], output_shift[oc]) +      \
                                   params->output_offset;                                          \
            output_data[Offset4(output_shape, b, out_y, out_x, oc)] =                              \
                (T)ActivationClamp(scaled, params->activation_min, params->activation_max);        \
          }                                                                                        \
        }                                                                                          \
      }                                                                                            \
    }                                                                                              \
  }

DEFINE_TRANSPOSE_CONV(TransposeConvPerChannel, int8_t, int32_t, Requantize8)
DEFINE_TRANSPOSE_CONV(TransposeConvPerChannel16x8, int16_t, int64_t, Requantize16x8)
