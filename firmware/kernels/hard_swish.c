/* Reference int8 HARD_SWISH. The 16-bit helpers are gemmlowp's int16
 * SaturatingRoundingDoublingHighMul and RoundingDivideByPOT, and TFLite's
 * SaturatingLeftShift and SaturatingDoublingHighMul (which truncates). */
#include "kernels/hard_swish.h"

#include "kernels/kernel_util.h"

static int16_t SaturatingLeftShift16(int16_t x, int amount) {
  const int64_t shifted = (int64_t)x * ((int64_t)1 << amount);
  return (int16_t)(shifted > INT16_MAX ? INT16_MAX : shifted < INT16_MIN ? INT16_MIN : shifted);
}

static int16_t SaturatingRoundingDoublingHighMul16(int16_t a, int16_t b) {
  if (a == b && a == INT16_MIN) return INT16_MAX;
  const int32_t ab = (int32_t)a * b;
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return (int16_t)((ab + nudge) / (1 << 15));
}

static int16_t SaturatingDoublingHighMul16(int16_t a, int16_t b) {
  if (a == b && a == INT16_MIN) return INT16_MAX;
  return (int16_t)(((int32_t)a * b) / (1 << 15));
}

void HardSwish(const struct HardSwishParams* params, int32_t size, const int8_t* input_data,
               int8_t* output_data) {
  const int16_t output_multiplier = (int16_t)params->output_multiplier_fixedpoint_int16;
  const int16_t reluish_multiplier = (int16_t)params->reluish_multiplier_fixedpoint_int16;
  const int reluish_exponent = params->reluish_multiplier_exponent;
  for (int32_t i = 0; i < size; ++i) {
    const int16_t input = (int16_t)(input_data[i] - params->input_zero_point);
    const int16_t hires_input = (int16_t)(input * (1 << 7));
    const int16_t preshift_output = SaturatingRoundingDoublingHighMul16(hires_input, output_multiplier);
    int16_t reluish = hires_input;
    if (reluish_exponent > 0) reluish = SaturatingLeftShift16(reluish, reluish_exponent - 1);
    reluish = SaturatingRoundingDoublingHighMul16(reluish, reluish_multiplier);
    if (reluish_exponent > 0) reluish = SaturatingLeftShift16(reluish, 1);
    if (reluish_exponent < 0) reluish = (int16_t)RoundingDivideByPOT(reluish, -reluish_exponent);
    reluish = (int16_t)((reluish + (1 << 15)) >> 1); /* [-1, 1] to [0, 1] */
    const int16_t preshift = SaturatingDoublingHighMul16(reluish, preshift_output);
    const int32_t output =
        RoundingDivideByPOT(preshift, -params->output_multiplier_exponent) + params->output_zero_point;
    output_data[i] = (int8_t)ActivationClamp(output, -128, 127);
  }
}
