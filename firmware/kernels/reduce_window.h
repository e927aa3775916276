/* The loops of the reductions (MEAN, SUM, REDUCE_MAX) over a 4-D input: each
 * output cell folds the raw input values of its window with an inline
 * operation, then `Finish` turns the fold into the output value; the kernel is
 * defined once per element type, so no call through a pointer is left in the
 * hot loop. */
#ifndef KERNELS_REDUCE_WINDOW_H
#define KERNELS_REDUCE_WINDOW_H

#include <stdint.h>

#include "kernels/kernel_util.h"

/* Defines the kernel `Name` for element type T (values in [Min, Max]) and a
 * params struct `Params` holding `window` (reduced dims: the input's size; kept
 * dims: 1): the fold starts from `Init`, takes `Op(accumulator, value)` and
 * ends in `Finish(params, accumulator, Min, Max)`. output_shape is the input
 * shape with the reduced dims set to 1. */
#define DEFINE_REDUCTION(Name, Params, T, Min, Max, Init, Op, Finish)                             \
  void Name(const struct Params* params, const struct Dims4* input_shape, const T* input_data,    \
            const struct Dims4* output_shape, T* output_data) {                                   \
    const struct Dims4* window = &params->window;                                                 \
    T* out = output_data;                                                                         \
    for (int32_t n = 0; n < output_shape->n; ++n) {                                               \
      for (int32_t h = 0; h < output_shape->h; ++h) {                                             \
        for (int32_t w = 0; w < output_shape->w; ++w) {                                           \
          for (int32_t c = 0; c < output_shape->c; ++c) {                                         \
            int32_t accumulator = Init;                                                           \
            for (int32_t dn = 0; dn < window->n; ++dn) {                                          \
              for (int32_t dh = 0; dh < window->h; ++dh) {                                        \
                for (int32_t dw = 0; dw < window->w; ++dw) {                                      \
                  for (int32_t dc = 0; dc < window->c; ++dc) {                                    \
                    accumulator = Op(accumulator, input_data[Offset4(input_shape, n + dn, h + dh, \
                                                                     w + dw, c + dc)]);           \
                  }                                                                               \
                }                                                                                 \
              }                                                                                   \
            }                                                                                     \
            *out++ = (T)Finish(params, accumulator, Min, Max);                                    \
          }                                                                                       \
        }                                                                                         \
      }                                                                                           \
    }                                                                                             \
  }

#endif /* KERNELS_REDUCE_WINDOW_H */
