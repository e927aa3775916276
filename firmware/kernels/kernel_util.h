/* Shared helpers of the int8 kernels: shapes, requantization, activation clamp.
 *
 * This is the ONE place for TFLite's integer requantization math; every kernel
 * calls it. Semantics are those of TFLite Micro's default build (gemmlowp
 * fixed-point, TFLITE_SINGLE_ROUNDING off), written from the documented
 * formulas. Signed overflow is avoided (it is undefined in C): where TFLite
 * relies on two's-complement wrap-around, the arithmetic goes through uint32_t.
 */
#ifndef KERNELS_KERNEL_UTIL_H
#define KERNELS_KERNEL_UTIL_H

#include <stdint.h>

/* A tensor shape in NHWC order. Tensors of lower rank are right-aligned and
 * padded with leading 1s, as TFLite's RuntimeShape::ExtendedShape(4, ...):
 * [batch, depth] is {1, 1, batch, depth}, [n] is {1, 1, 1, n}. */
struct Dims4 {
  int32_t n, h, w, c;
};

static inline int32_t Dims4FlatSize(const struct Dims4* d) {
  return d->n * d->h * d->w * d->c;
}

/* Index of element (n, h, w, c) in a dense NHWC array. */
static inline int32_t Offset4(const struct Dims4* d, int32_t n, int32_t h,
                              int32_t w, int32_t c) {
  return ((n * d->h + h) * d->w + w) * d->c + c;
}

/* (a * b * 2) >> 32, rounded to nearest (ties away from zero); the single
 * overflow case INT32_MIN * INT32_MIN saturates to INT32_MAX. The 64-bit
 * division truncates toward zero, as in gemmlowp. */
static inline int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* x / 2^exponent rounded to nearest, ties away from zero; 0 <= exponent <= 31. */
static inline int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  int32_t mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
  int32_t remainder = x & mask;
  int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* x * multiplier * 2^shift, multiplier a Q31 value in [2^30, 2^31) (or 0),
 * as TFLite's MultiplyByQuantizedMultiplier (double rounding: a left shift
 * first, the high multiply, then a rounding right shift). */
static inline int32_t MultiplyByQuantizedMultiplier(int32_t x,
                                                    int32_t multiplier,
                                                    int shift) {
  int left_shift = shift > 0 ? shift : 0;
  int right_shift = shift > 0 ? 0 : -shift;
  int32_t shifted = (int32_t)((uint32_t)x << left_shift);
  return RoundingDivideByPOT(
      SaturatingRoundingDoublingHighMul(shifted, multiplier), right_shift);
}

/* The 64-bit accumulator version (TFLite's MultiplyByQuantizedMultiplier(int64_t, ...), the 16x8
 * kernels with an int64 bias or none): the multiplier reduced to 16 bits (rounded, at most 0x7FFF), one
 * rounding shift by 15 - shift; |x| < 2^47, shift -31..7, the result fits int32 (TFLite's
 * assumptions, which the importer's checks keep). */
static inline int32_t MultiplyByQuantizedMultiplier64(int64_t x, int32_t multiplier, int shift) {
  const int64_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int total_shift = 15 - shift;
  return (int32_t)((x * reduced + ((int64_t)1 << (total_shift - 1))) >> total_shift);
}

/* The output stage of the 16x8 CONV_2D and FULLY_CONNECTED (int16 activations, int8 weights): TFLite
 * Micro accumulates in the bias's type, so an int32 bias takes the 32-bit requantization, and an int64
 * bias, or none, the 64-bit one. `acc` is the sum of products; one of bias64, bias32 is NULL. */
static inline int32_t Scale16x8Accumulator(int64_t acc, const int64_t* bias64, const int32_t* bias32,
                                           int32_t channel, int32_t multiplier, int shift) {
  if (bias32) {
    const int32_t acc32 = (int32_t)(uint32_t)((uint64_t)acc + (uint32_t)bias32[channel]);
    return MultiplyByQuantizedMultiplier(acc32, multiplier, shift);
  }
  return MultiplyByQuantizedMultiplier64(acc + (bias64 ? bias64[channel] : 0), multiplier, shift);
}

/* Clamp to [lo, hi]: the fused activation (RELU, RELU6, ...) of an int8 op,
 * with the bounds computed at import time. */
static inline int32_t ActivationClamp(int32_t x, int32_t lo, int32_t hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

#endif /* KERNELS_KERNEL_UTIL_H */
