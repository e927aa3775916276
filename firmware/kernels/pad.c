/* Reference PAD: int8 and int16. */
#include "kernels/pad.h"

static int Inside(int32_t i, int32_t left, int32_t size) {
  return i >= left && i < left + size;
}

/* The kernel `Name` for element type T. */
#define DEFINE_PAD(Name, T)                                                                        \
  void Name(const struct PadParams* params, const struct Dims4* input_shape, const T* input_data, \
            const struct Dims4* output_shape, T* output_data) {                                   \
    const T* in = input_data;                                                                     \
    T* out = output_data;                                                                         \
    for (int32_t n = 0; n < output_shape->n; ++n) {                                               \
      const int n_in = Inside(n, params->left_n, input_shape->n);                                 \
      for (int32_t h = 0; h < output_shape->h; ++h) {                                             \
        const int h_in = n_in && Inside(h, params->left_h, input_shape->h);                       \
        for (int32_t w = 0; w < output_shape->w; ++w) {                                           \
          const int w_in = h_in && Inside(w, params->left_w, input_shape->w);                     \
          for (int32_t c = 0; c < output_shape->c; ++c) {                                         \
            /* inside cells come in input order, so the input is read sequentially */             \
            *out++ = w_in && Inside(c, params->left_c, input_shape->c) ? *in++                     \
                                                                       : (T)params->pad_value;    \
          }                                                                                       \
        }                                                                                         \
      }                                                                                           \
    }                                                                                             \
  }

DEFINE_PAD(Pad, int8_t)
DEFINE_PAD(PadInt16, int16_t)
