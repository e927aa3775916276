/* The loops of the binary elementwise kernels (ADD, SUB, MUL, ...), as TFLite's
 * ElementWise and BroadcastBinaryFunction4DSlow: each kernel passes its
 * per-element operation, which the compiler inlines into the loop (the loops
 * are always inlined and the operation is a constant at every call site), so
 * no call through a pointer is left in the hot loop. The loops exist once per
 * element type (TFLite's templates): BinaryElementwise/BroadcastBinary4DSlow
 * for int8, ...Int16 for int16.
 *
 * Broadcasting: a dimension of size 1 repeats along the output's (stride 0). */
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

/* Defines, for input types T1 and T2 and output type TOut:
 *  - BinaryElementOp<Suffix>: one output element from one element of each
 *    input; `params` is the kernel's own parameters struct;
 *  - BinaryElementwise<Suffix>: same-shape operands, `size` elements of each;
 *  - BroadcastBinary4DSlow<Suffix>: each input dim is 1 or the output's. */
#define DEFINE_MIXED_BINARY_LOOPS(Suffix, T1, T2, TOut)                                         \
  typedef TOut (*BinaryElementOp##Suffix)(const void* params, T1 input1, T2 input2);            \
                                                                                                \
  static inline __attribute__((always_inline)) void BinaryElementwise##Suffix(                  \
      const void* params, int32_t size, const T1* input1_data, const T2* input2_data,           \
      TOut* output_data, BinaryElementOp##Suffix op) {                                          \
    for (int32_t i = 0; i < size; ++i) {                                                        \
      output_data[i] = op(params, input1_data[i], input2_data[i]);                              \
    }                                                                                           \
  }                                                                                             \
                                                                                                \
  static inline __attribute__((always_inline)) void BroadcastBinary4DSlow##Suffix(              \
      const void* params, const struct Dims4* input1_shape, const T1* input1_data,              \
      const struct Dims4* input2_shape, const T2* input2_data, const struct Dims4* output_shape, \
      TOut* output_data, BinaryElementOp##Suffix op) {                                          \
    const struct BroadcastStrides s1 = BroadcastStridesOf(input1_shape);                        \
    const struct BroadcastStrides s2 = BroadcastStridesOf(input2_shape);                        \
    TOut* out = output_data;                                                                    \
    for (int32_t n = 0; n < output_shape->n; ++n) {                                             \
      for (int32_t h = 0; h < output_shape->h; ++h) {                                           \
        for (int32_t w = 0; w < output_shape->w; ++w) {                                         \
          for (int32_t c = 0; c < output_shape->c; ++c) {                                       \
            *out++ = op(params, input1_data[BroadcastOffset(&s1, n, h, w, c)],                  \
                        input2_data[BroadcastOffset(&s2, n, h, w, c)]);                         \
          }                                                                                     \
        }                                                                                       \
      }                                                                                         \
    }                                                                                           \
  }

/* The loops of one element type T for both inputs and the output. */
#define DEFINE_BINARY_LOOPS(Suffix, T) DEFINE_MIXED_BINARY_LOOPS(Suffix, T, T, T)

DEFINE_BINARY_LOOPS(, int8_t)
DEFINE_BINARY_LOOPS(Int16, int16_t)

#endif /* KERNELS_BROADCAST_H */
