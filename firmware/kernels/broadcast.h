/* Broadcasting of two 4-D operands to an output shape, for ADD and MUL: a
 * dimension of size 1 repeats along the output's (stride 0). */
#ifndef KERNELS_BROADCAST_H
#define KERNELS_BROADCAST_H

#include <stdint.h>

#include "kernels/kernel_util.h"

/* Element strides of `shape` in NHWC order, 0 for broadcast (size-1) dims. */
struct BroadcastStrides {
  int32_t n, h, w, c;
};

static inline struct BroadcastStrides BroadcastStridesOf(const struct Dims4* shape) {
  struct BroadcastStrides s;
  s.c = shape->c == 1 ? 0 : 1;
  s.w = shape->w == 1 ? 0 : shape->c;
  s.h = shape->h == 1 ? 0 : shape->w * shape->c;
  s.n = shape->n == 1 ? 0 : shape->h * shape->w * shape->c;
  return s;
}

static inline int32_t BroadcastOffset(const struct BroadcastStrides* s, int32_t n, int32_t h,
                                      int32_t w, int32_t c) {
  return n * s->n + h * s->h + w * s->w + c * s->c;
}

#endif /* KERNELS_BROADCAST_H */
