/* Reference QUANTIZE. */
#include "kernels/quantize.h"

#include "kernels/kernel_util.h"

/* round(x) half away from zero, for |x| <= 512. */
static int32_t RoundHalfAway(float x) {
  const int32_t truncated = (int32_t)x;
  const float fraction = x - (float)truncated;
  if (fraction >= 0.5f) return truncated + 1;
  if (fraction <= -0.5f) return truncated - 1;
  return truncated;
}

void AffineQuantize(const struct QuantizeParams* params, int32_t size, const float* input_data,
                    int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    const float scaled = input_data[i] / params->scale;
    /* beyond +-512 the result saturates whatever the rounding; NaN goes low */
    const float bounded = scaled > 512.0f ? 512.0f : (scaled >= -512.0f ? scaled : -512.0f);
    const int32_t output = RoundHalfAway(bounded) + params->zero_point;
    output_data[i] = (int8_t)ActivationClamp(output, -128, 127);
  }
}

void Requantize(const struct RequantizeParams* params, int32_t size, const int8_t* input_data,
                int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    const int32_t output = MultiplyByQuantizedMultiplier(input_data[i] - params->input_zero_point,
                                                         params->multiplier, params->shift) +
                           params->output_zero_point;
    output_data[i] = (int8_t)ActivationClamp(output, -128, 127);
  }
}
