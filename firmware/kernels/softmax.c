/* Reference int8 SOFTMAX. */
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
