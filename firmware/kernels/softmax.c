/* Reference SOFTMAX: int8 and int16. */
#include "kernels/softmax.h"

#include "kernels/fixedpoint.h"

enum {
  kScaledDiffIntegerBits = 5,  /* the scaled differences are Q5.26 */
  kAccumulationIntegerBits = 12 /* the sum of exps is Q12.19 */
};

/* The difference to the row maximum scaled by beta * input_scale, in Q5.26.
 * Only called for diff >= diff_min, which keeps the shift from overflowing. */
static int32_t ScaledDiff(const struct SoftmaxParams* params, int32_t diff) {
  const int32_t shifted = (int32_t)((uint32_t)diff << params->input_left_shift);
  return SaturatingRoundingDoublingHighMul(shifted, params->input_multiplier);
}

void Softmax(const struct SoftmaxParams* params, const struct Dims4* shape,
             const int8_t* input_data, int8_t* output_data) {
  const int32_t depth = shape->c;
  const int32_t rows = shape->n * shape->h * shape->w;
  for (int32_t row = 0; row < rows; ++row) {
    const int8_t* in = input_data + row * depth;
    int8_t* out = output_data + row * depth;
    int32_t max_in_row = -128;
    for (int32_t c = 0; c < depth; ++c) {
      if (in[c] > max_in_row) max_in_row = in[c];
    }
    int32_t sum_of_exps = 0; /* Q12.19 */
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t diff = in[c] - max_in_row;
      if (diff >= params->diff_min) {
        const int32_t exp = ExpOnNegativeValues(ScaledDiff(params, diff), kScaledDiffIntegerBits);
        sum_of_exps = FixedPointAdd(sum_of_exps,
                                    RoundingDivideByPOT(exp, kAccumulationIntegerBits));
      }
    }
    int num_bits_over_unit;
    const int32_t reciprocal =
        GetReciprocal(sum_of_exps, kAccumulationIntegerBits, &num_bits_over_unit);
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t diff = in[c] - max_in_row;
      int32_t output = -128;
      if (diff >= params->diff_min) {
        const int32_t exp = ExpOnNegativeValues(ScaledDiff(params, diff), kScaledDiffIntegerBits);
        /* probability in Q0, brought to 8 fractional bits; past a shift of 31 (a sum of
         * exps >= 512, where TFLite Micro's debug build asserts) it rounds to 0 */
        const int exponent = num_bits_over_unit + 31 - 8;
        const int32_t unsat =
            exponent > 31 ? 0
                          : RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(reciprocal, exp),
                                                exponent);
        output = ActivationClamp(unsat - 128, -128, 127);
      }
      out[c] = (int8_t)output;
    }
  }
}

/* A 513-entry table of TFLite's int16 LUTs at `value`: 512 segments, interpolated on the low 7 bits. */
static int32_t Int16TableLookup(const int16_t* lut, int32_t value) {
  const int32_t index = 256 + (value >> 7);
  const int32_t offset = value & 0x7f;
  const int32_t base = lut[index];
  const int32_t slope = (int16_t)(lut[index + 1] - base);
  return (int16_t)(base + ((slope * offset + 64) >> 7));
}

/* exp(beta * input_scale * (x - max)) in Q0.15, from the exp table over [-10, 0]. */
static int32_t ExpOfDifference(const struct SoftmaxInt16Params* params, int32_t diff) {
  const int32_t scaled =
      MultiplyByQuantizedMultiplier(diff, params->input_multiplier, params->input_left_shift);
  return Int16TableLookup(params->exp_lut, ActivationClamp(scaled + 32767, -32768, 32767));
}

void SoftmaxInt16(const struct SoftmaxInt16Params* params, const struct Dims4* shape,
                  const int16_t* input_data, int16_t* output_data) {
  const int32_t depth = shape->c;
  const int32_t rows = shape->n * shape->h * shape->w;
  for (int32_t row = 0; row < rows; ++row) {
    const int16_t* in = input_data + row * depth;
    int16_t* out = output_data + row * depth;
    int32_t max_in_row = -32768;
    for (int32_t c = 0; c < depth; ++c) {
      if (in[c] > max_in_row) max_in_row = in[c];
    }
    /* the exps are kept in the output row (TFLite does the same) */
    int32_t sum_of_exps = 0;
    for (int32_t c = 0; c < depth; ++c) {
      out[c] = (int16_t)ExpOfDifference(params, in[c] - max_in_row);
      sum_of_exps += out[c];
    }
    /* 1 / sum from the 1 / (1 + x) table: the sum normalized to [1, 2), x recentred */
    const int headroom_plus_one = __builtin_clz((uint32_t)sum_of_exps);
    const int32_t shifted_sum =
        (int32_t)((((int64_t)sum_of_exps << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    const int32_t x = ActivationClamp(shifted_sum - ((1 << 15) + (1 << 16)), -32768, 32767);
    const int64_t reciprocal = Int16TableLookup(params->one_over_one_plus_x_lut, x);
    const int right_shift = 31 - headroom_plus_one;
    const int64_t round = (int64_t)1 << (right_shift - 1);
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t result = (int32_t)((out[c] * reciprocal + round) >> right_shift);
      out[c] = (int16_t)ActivationClamp(result, 0, 32767);
    }
  }
}
