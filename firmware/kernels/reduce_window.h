/* The window loop of the reductions (MEAN, SUM, REDUCE_MAX): one output cell
 * folds the input values of its window with an operation the caller passes;
 * the loop is always inlined and the operation a constant at every call
 * site, so no call through a pointer is left in the hot loop. */
#ifndef KERNELS_REDUCE_WINDOW_H
#define KERNELS_REDUCE_WINDOW_H

#include <stdint.h>

#include "kernels/kernel_util.h"

typedef int32_t (*ReduceOp)(int32_t accumulator, int32_t value);

/* Fold of the raw input values of the window at output cell (n, h, w, c),
 * starting from `init`. */
static inline __attribute__((always_inline)) int32_t ReduceWindow(
    const struct Dims4* window, const struct Dims4* input_shape, const int8_t* input_data,
    int32_t n, int32_t h, int32_t w, int32_t c, int32_t init, ReduceOp op) {
  int32_t accumulator = init;
  for (int32_t dn = 0; dn < window->n; ++dn) {
    for (int32_t dh = 0; dh < window->h; ++dh) {
      for (int32_t dw = 0; dw < window->w; ++dw) {
        for (int32_t dc = 0; dc < window->c; ++dc) {
          accumulator =
              op(accumulator, input_data[Offset4(input_shape, n + dn, h + dh, w + dw, c + dc)]);
        }
      }
    }
  }
  return accumulator;
}

#endif /* KERNELS_REDUCE_WINDOW_H */
