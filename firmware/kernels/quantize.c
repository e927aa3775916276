/* Reference QUANTIZE. */
#include "kernels/quantize.h"

#include "kernels/kernel_util.h"

/* round(x) half away from zero, for |x| < 2^23. */
static int32_t RoundHalfAway(float x) {
  const int32_t truncated = (int32_t)x;
  const float fraction = x - (float)truncated;
  if (fraction >= 0.5f) return truncated + 1;
  if (fraction <= -0.5f) return truncated - 1;
  return truncated;
}

/* round(x / scale) + zero_point clamped to [lo, hi]; beyond +-2^17 the result saturates whatever
 * the rounding, and NaN goes low. */
static inline int32_t AffineQuantizedValue(const struct QuantizeParams* params, float x, int32_t lo,
                                           int32_t hi) {
  const float scaled = x / params->scale;
  const float bounded = scaled > 131072.0f ? 131072.0f : (scaled >= -131072.0f ? scaled : -131072.0f);
  return ActivationClamp(RoundHalfAway(bounded) + params->zero_point, lo, hi);
}

void AffineQuantize(const struct QuantizeParams* params, int32_t size, const float* input_data,
                    int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] = (int8_t)AffineQuantizedValue(params, input_data[i], -128, 127);
  }
}

void AffineQuantizeInt16(const struct QuantizeParams* params, int32_t size,
                         const float* input_data, int16_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] = (int16_t)AffineQuantizedValue(params, input_data[i], -32768, 32767);
  }
}

/* The requantized value before the clamp to the output type. */
static inline int32_t RequantizedValue(const struct RequantizeParams* params, int32_t x) {
  return MultiplyByQuantizedMultiplier(x - params->input_zero_point, params->multiplier,
                                       params->shift) +
         params->output_zero_point;
}

void Requantize(const struct RequantizeParams* params, int32_t size, const int8_t* input_data,
                int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] = (int8_t)ActivationClamp(RequantizedValue(params, input_data[i]), -128, 127);
  }
}

void RequantizeInt8ToInt16(const struct RequantizeParams* params, int32_t size,
                           const int8_t* input_data, int16_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] =
        (int16_t)ActivationClamp(RequantizedValue(params, input_data[i]), -32768, 32767);
  }
}

void RequantizeInt16ToInt8(const struct RequantizeParams* params, int32_t size,
                           const int16_t* input_data, int8_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] = (int8_t)ActivationClamp(RequantizedValue(params, input_data[i]), -128, 127);
  }
}

void RequantizeInt16ToInt16(const struct RequantizeParams* params, int32_t size,
                            const int16_t* input_data, int16_t* output_data) {
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] =
        (int16_t)ActivationClamp(RequantizedValue(params, input_data[i]), -32768, 32767);
  }
}
