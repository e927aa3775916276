/* Fixed-point transcendental helpers of the int8 SOFTMAX, LOG_SOFTMAX,
 * LOGISTIC, TANH and L2_NORMALIZATION kernels.
 *
 * TFLite Micro evaluates exp, 1/(1+x) and the logistic function of its int8
 * SOFTMAX and LOGISTIC with gemmlowp's fixed-point routines; bit-exactness
 * needs the same algorithms, written here from their documented semantics:
 *   exp on [-1/4, 0): 4th-order Taylor expansion around -1/8;
 *   exp on x < 0: exp(x mod 1/4 - 1/4) times exp(-2^k) for each set bit k of
 *     the remainder (a barrel shifter of Q0.31 constants);
 *   1/(1+x) on [0, 1): three Newton-Raphson steps from 48/17 - 32/17 * d;
 *   logistic(x) = 1 / (1 + exp(-|x|)), mirrored for x < 0;
 *   tanh(x) = (1 - exp(-2|x|)) / (1 + exp(-2|x|)), mirrored for x < 0;
 *   1/sqrt(x): Newton-Raphson on a normalized Q3 value;
 *   log(x) for x >= 1: a rational approximation after normalizing to ~1.
 * A value "Qm" has m integer bits and 31 - m fractional bits in an int32.
 * Adds wrap through uint32_t (gemmlowp's int32 adds never overflow on the
 * ranges these kernels feed them; this only keeps C free of undefined
 * behaviour).
 */
#ifndef KERNELS_FIXEDPOINT_H
#define KERNELS_FIXEDPOINT_H

#include <stdint.h>

#include "kernels/kernel_util.h"

static inline int32_t FixedPointAdd(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}

static inline int32_t FixedPointSub(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a - (uint32_t)b);
}

/* x * 2^exponent, 0 < exponent < 31, saturating to the int32 range. */
static inline int32_t SaturatingShiftLeft(int32_t x, int exponent) {
  const int32_t threshold = (int32_t)(((uint32_t)1 << (31 - exponent)) - 1u);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return (int32_t)((uint32_t)x << exponent);
}

/* (a + b) / 2, rounded to nearest with ties away from zero. */
static inline int32_t RoundingHalfSum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + b;
  return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* exp(a) for a Q0 value a in [-1/4, 0); result Q0. */
static inline int32_t ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(int32_t a) {
  const int32_t kExpMinusOneEighth = 1895147668; /* round(exp(-1/8) * 2^31) */
  const int32_t kOneThird = 715827883;           /* round(2^31 / 3) */
  const int32_t x = FixedPointAdd(a, 1 << 28);   /* a + 1/8 */
  const int32_t x2 = SaturatingRoundingDoublingHighMul(x, x);
  const int32_t x3 = SaturatingRoundingDoublingHighMul(x2, x);
  const int32_t x4 = SaturatingRoundingDoublingHighMul(x2, x2);
  const int32_t x4_over_4 = RoundingDivideByPOT(x4, 2);
  /* x^4/24 + x^3/6 + x^2/2 = ((x^4/4 + x^3) / 3 + x^2) / 2 */
  const int32_t poly = RoundingDivideByPOT(
      FixedPointAdd(SaturatingRoundingDoublingHighMul(FixedPointAdd(x4_over_4, x3), kOneThird),
                    x2),
      1);
  return FixedPointAdd(
      kExpMinusOneEighth,
      SaturatingRoundingDoublingHighMul(kExpMinusOneEighth, FixedPointAdd(x, poly)));
}

/* exp(a) for a value a <= 0 with `integer_bits` integer bits (1..5); result Q0. */
static inline int32_t ExpOnNegativeValues(int32_t a, int integer_bits) {
  /* round(exp(-2^k) * 2^31) for k = -2 .. 4 */
  static const int32_t kExpMinusPowerOfTwo[7] = {
      1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  const int fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
  const int32_t a_mod_quarter_minus_quarter =
      FixedPointSub(a & (one_quarter - 1), one_quarter);
  int32_t result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(
      SaturatingShiftLeft(a_mod_quarter_minus_quarter, integer_bits));
  const int32_t remainder = FixedPointSub(a_mod_quarter_minus_quarter, a);
  for (int k = -2; k < integer_bits && k <= 4; ++k) {
    if (remainder & ((int32_t)1 << (fractional_bits + k))) {
      result = SaturatingRoundingDoublingHighMul(result, kExpMinusPowerOfTwo[k + 2]);
    }
  }
  return a == 0 ? INT32_MAX : result;
}

/* 1 / (1 + a) for a Q0 value a in [0, 1), as a Q2 value: three Newton-Raphson
 * steps on (1 + a) / 2 from 48/17 - 32/17 * (1 + a) / 2 (gemmlowp's). */
static inline int32_t NewtonReciprocalOfOnePlusX(int32_t a) {
  const int32_t kFortyEightOverSeventeen = 1515870810;    /* Q2 48/17 */
  const int32_t kMinusThirtyTwoOverSeventeen = -1010580540; /* Q2 -32/17 */
  const int32_t kOneQ2 = 1 << 29;
  const int32_t half_denominator = RoundingHalfSum(a, INT32_MAX); /* Q0 */
  int32_t x = FixedPointAdd(                                       /* Q2 */
      kFortyEightOverSeventeen,
      SaturatingRoundingDoublingHighMul(half_denominator, kMinusThirtyTwoOverSeventeen));
  for (int i = 0; i < 3; ++i) {
    const int32_t half_denominator_times_x = SaturatingRoundingDoublingHighMul(half_denominator, x);
    const int32_t one_minus = FixedPointSub(kOneQ2, half_denominator_times_x);
    x = FixedPointAdd(x, SaturatingShiftLeft(SaturatingRoundingDoublingHighMul(x, one_minus), 2));
  }
  return x; /* 2 / (1 + a) */
}

/* 1 / (1 + a) for a Q0 value a in [0, 1); result Q0. */
static inline int32_t OneOverOnePlusXForXIn01(int32_t a) {
  /* x / 2 as Q1, then to Q0 */
  return SaturatingShiftLeft(NewtonReciprocalOfOnePlusX(a), 1);
}

/* (1 - a) / (1 + a) for a Q0 value a in [0, 1); result Q0. */
static inline int32_t OneMinusXOverOnePlusXForXIn01(int32_t a) {
  const int32_t kOneQ2 = 1 << 29;
  return SaturatingShiftLeft(FixedPointSub(NewtonReciprocalOfOnePlusX(a), kOneQ2), 2);
}

/* 1 / (1 + exp(-a)) for a value a with `integer_bits` integer bits; result Q0. */
static inline int32_t FixedPointLogistic(int32_t a, int integer_bits) {
  if (a == 0) return 1 << 30; /* one half */
  const int32_t abs_a = a > 0 ? a : -a;
  const int32_t positive = OneOverOnePlusXForXIn01(ExpOnNegativeValues(-abs_a, integer_bits));
  return a > 0 ? positive : FixedPointSub(INT32_MAX, positive);
}

/* tanh(a) for a value a with `integer_bits` integer bits (1..4); result Q0:
 * (1 - exp(-2|a|)) / (1 + exp(-2|a|)), mirrored for a < 0. Doubling a only
 * reinterprets it with one more integer bit (gemmlowp's ExactMulByPot). */
static inline int32_t FixedPointTanh(int32_t a, int integer_bits) {
  if (a == 0) return 0;
  const int32_t minus_abs_a = a < 0 ? a : -a;
  const int32_t positive =
      OneMinusXOverOnePlusXForXIn01(ExpOnNegativeValues(minus_abs_a, integer_bits + 1));
  return a < 0 ? -positive : positive;
}

/* 1 / sqrt(x) of a positive int32 x, as a Q0 multiplier and a left shift
 * (TFLite's GetInvSqrtQuantizedMultiplierExp with reverse shift -1): x is
 * normalized into [2^27, 2^29) by pairs of bits, then five Newton-Raphson
 * steps x' = 1.5 x - (input / 2) x^3 in Q3, then times sqrt(2) / 2. Inputs 0
 * and 1 give INT32_MAX with shift 0. */
static inline int32_t InvSqrtQuantizedMultiplier(int32_t input, int* left_shift) {
  if (input <= 1) {
    *left_shift = 0;
    return INT32_MAX;
  }
  int shift = 11; /* a right shift until the end */
  while (input >= (1 << 29)) {
    input /= 4;
    ++shift;
  }
  const int max_left_shift_bit_pairs = (__builtin_clz((uint32_t)input) - 1) / 2;
  const int left_shift_bit_pairs = max_left_shift_bit_pairs - 1;
  shift -= left_shift_bit_pairs;
  input <<= 2 * left_shift_bit_pairs;
  const int32_t half_input = RoundingDivideByPOT(input >> 1, 1);  /* Q3 */
  const int32_t half_three = (1 << 28) + (1 << 27);                /* Q3 1.5 */
  int32_t x = 1 << 28;                                             /* Q3 1 */
  for (int i = 0; i < 5; ++i) {
    const int32_t x3 = SaturatingShiftLeft(
        SaturatingRoundingDoublingHighMul(SaturatingRoundingDoublingHighMul(x, x), x), 6);
    x = SaturatingShiftLeft(FixedPointSub(SaturatingRoundingDoublingHighMul(half_three, x),
                                          SaturatingRoundingDoublingHighMul(half_input, x3)),
                            3);
  }
  int32_t result = SaturatingRoundingDoublingHighMul(x, 1518500250); /* x sqrt(2) / 2 */
  if (shift < 0) {
    result = (int32_t)((uint32_t)result << -shift);
    shift = 0;
  }
  *left_shift = -shift;
  return result;
}

/* x * 2^exponent for any exponent: a saturating left shift, or a rounding
 * right shift (TFLite's SaturatingRoundingMultiplyByPOTParam). */
static inline int32_t SaturatingRoundingMultiplyByPOT(int32_t x, int exponent) {
  if (exponent > 0) return SaturatingShiftLeft(x, exponent);
  if (exponent < 0) return RoundingDivideByPOT(x, -exponent);
  return x;
}

static inline int32_t SaturatingAdd32(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + b;
  return sum > INT32_MAX ? INT32_MAX : sum < INT32_MIN ? INT32_MIN : (int32_t)sum;
}

/* log(x) for x >= 1 with `input_integer_bits` integer bits; result with
 * `output_integer_bits` (TFLite's log_x_for_x_greater_than_or_equal_to_1):
 * x = r * 2^z with r in [sqrt(1/2), sqrt(2)) chosen between two
 * normalizations, log(r) from a rational approximation around 2^(-1/4),
 * plus z * log(2). The sum carries one extra integer bit. */
static inline int32_t FixedPointLogXGreaterOrEqualOne(int32_t x, int input_integer_bits,
                                                      int output_integer_bits) {
  const int32_t kLog2 = 1488522236;        /* Q0 log(2) */
  const int32_t kSqrtSqrtHalf = 1805811301; /* Q0 0.5^(1/4) */
  const int32_t kSqrtHalf = 1518500250;    /* Q0 sqrt(0.5) */
  const int32_t kAlphaN = 117049297;       /* Q0 11/240 * 2^(1/4) */
  const int32_t kAlphaD = 127690142;       /* Q0 1/20 * 2^(1/4) */
  const int32_t kAlphaI = 1057819769;      /* Q0 2 / 2^(1/4) - 2^(1/4) */
  const int32_t kAlphaF = 638450708;       /* Q0 1/4 * 2^(1/4) */
  const int accum_bits = output_integer_bits + 1;
  const int32_t shifted_quarter = RoundingDivideByPOT(1 << 29, accum_bits);
  /* Normalization a: x read as Q0, shifted to [1/2, 1), then times sqrt(1/2) * 2. */
  const int a_headroom_plus_1 = __builtin_clz((uint32_t)x);
  const int32_t r_a_tmp = SaturatingRoundingMultiplyByPOT(x, a_headroom_plus_1 - 1);
  const int32_t r_a = SaturatingRoundingMultiplyByPOT(SaturatingRoundingDoublingHighMul(r_a_tmp, kSqrtHalf), 1);
  const int32_t z_a = SaturatingAdd32(
      SaturatingRoundingMultiplyByPOT(input_integer_bits - a_headroom_plus_1, 31 - accum_bits),
      shifted_quarter);
  /* Normalization b: x times sqrt(1/2) first. */
  const int b_headroom = __builtin_clz((uint32_t)SaturatingRoundingDoublingHighMul(x, kSqrtHalf)) - 1;
  const int32_t r_b = SaturatingRoundingMultiplyByPOT(x, b_headroom);
  const int64_t z_b64 =
      (int64_t)SaturatingRoundingMultiplyByPOT(input_integer_bits - b_headroom, 31 - accum_bits) -
      shifted_quarter;
  const int32_t z_b = z_b64 > INT32_MAX ? INT32_MAX : z_b64 < INT32_MIN ? INT32_MIN : (int32_t)z_b64;
  const int32_t r = r_a < r_b ? r_a : r_b;
  const int32_t z = z_a > z_b ? z_a : z_b; /* Q(accum_bits) */
  const int32_t p = RoundingHalfSum(r, kSqrtSqrtHalf);
  int32_t q = FixedPointSub(r, kSqrtSqrtHalf);
  q = FixedPointAdd(q, q);
  const int32_t common_sq = SaturatingRoundingDoublingHighMul(q, q);
  const int32_t num = FixedPointAdd(
      SaturatingRoundingDoublingHighMul(q, r),
      SaturatingRoundingDoublingHighMul(SaturatingRoundingDoublingHighMul(q, common_sq), kAlphaN));
  const int32_t denom_minus_one = FixedPointAdd(
      SaturatingRoundingDoublingHighMul(
          p, FixedPointAdd(FixedPointAdd(kAlphaI, q), SaturatingRoundingDoublingHighMul(kAlphaD, common_sq))),
      SaturatingRoundingDoublingHighMul(kAlphaF, q));
  const int32_t recip_denom = OneOverOnePlusXForXIn01(denom_minus_one);
  const int32_t num_scaled = RoundingDivideByPOT(num, accum_bits);
  const int32_t sum = FixedPointAdd(SaturatingRoundingDoublingHighMul(z, kLog2),
                                    SaturatingRoundingDoublingHighMul(num_scaled, recip_denom));
  return SaturatingRoundingMultiplyByPOT(sum, accum_bits - output_integer_bits);
}

/* 1 / x for a positive value x with `x_integer_bits` integer bits, as a Q0
 * value r and a count of bits: 1/x = r * 2^-num_bits_over_unit. */
static inline int32_t GetReciprocal(int32_t x, int x_integer_bits, int* num_bits_over_unit) {
  int headroom_plus_one = 0;
  while (!((uint32_t)x & (0x80000000u >> headroom_plus_one))) ++headroom_plus_one;
  *num_bits_over_unit = x_integer_bits - headroom_plus_one;
  /* x scaled into [1, 2), minus one, as a Q0 value in [0, 1) */
  const int32_t shifted_minus_one =
      (int32_t)(((uint32_t)x << headroom_plus_one) - 0x80000000u);
  return OneOverOnePlusXForXIn01(shifted_minus_one);
}

#endif /* KERNELS_FIXEDPOINT_H */
