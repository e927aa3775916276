/* Reference SVDF (TFLite Micro's EvalIntegerSvdfReference): one body for both state types, specialised by the
 * compiler for each (the state element size is a constant of each caller), so the loops carry no type test.
 * The per-filter time products are summed straight into each unit's accumulator: integer addition gives the
 * same result as TFLite Micro's two int32 scratch buffers, without them. */
#include "kernels/svdf.h"

static inline __attribute__((always_inline)) int32_t LoadState(const void* data, int32_t i, int state_bytes) {
  return state_bytes == 2 ? ((const int16_t*)data)[i] : ((const int8_t*)data)[i];
}

/* Narrows as a C cast does (GCC wraps modulo 2^8 or 2^16). */
static inline __attribute__((always_inline)) void StoreState(void* data, int32_t i, int32_t value,
                                                             int state_bytes) {
  if (state_bytes == 2) {
    ((int16_t*)data)[i] = (int16_t)value;
  } else {
    ((int8_t*)data)[i] = (int8_t)value;
  }
}

static inline __attribute__((always_inline)) void Svdf(const struct SvdfParams* params, const int8_t* input_data,
                                                       const int8_t* weights_feature_data,
                                                       const void* weights_time_data, const int32_t* bias_data,
                                                       void* state_data, int8_t* output_data, int state_bytes) {
  const int32_t filters = params->filters, memory = params->memory, input_size = params->input_size;
  const int32_t units = filters / params->rank;
  const int32_t state_size = params->batches * filters * memory;
  /* Shift the whole state left by one step; each filter's newest step is overwritten below. */
  for (int32_t i = 0; i + 1 < state_size; ++i) StoreState(state_data, i, LoadState(state_data, i + 1, state_bytes),
                                                          state_bytes);
  for (int32_t b = 0; b < params->batches; ++b) {
    const int8_t* input = input_data + b * input_size;
    const int32_t state_base = b * filters * memory;
    for (int32_t f = 0; f < filters; ++f) {
      int32_t acc = 0;
      for (int32_t c = 0; c < input_size; ++c) {
        acc += weights_feature_data[f * input_size + c] * (input[c] - params->input_zero_point);
      }
      acc = MultiplyByQuantizedMultiplier(acc, params->feature_multiplier, params->feature_shift);
      /* The pinned TFLite Micro clamps to the state type, then adds the zero point and narrows (wrapping). */
      acc = state_bytes == 2 ? ActivationClamp(acc, INT16_MIN, INT16_MAX) : ActivationClamp(acc, INT8_MIN, INT8_MAX);
      StoreState(state_data, state_base + f * memory + memory - 1, acc + params->state_zero_point, state_bytes);
    }
    for (int32_t u = 0; u < units; ++u) {
      int32_t acc = bias_data[u];
      for (int32_t f = u * params->rank; f < (u + 1) * params->rank; ++f) {
        for (int32_t m = 0; m < memory; ++m) {
          acc += LoadState(weights_time_data, f * memory + m, state_bytes) *
                 (LoadState(state_data, state_base + f * memory + m, state_bytes) - params->state_zero_point);
        }
      }
      acc = MultiplyByQuantizedMultiplier(acc, params->output_multiplier, params->output_shift);
      output_data[b * units + u] = (int8_t)ActivationClamp(acc + params->output_zero_point, INT8_MIN, INT8_MAX);
    }
  }
}

void SvdfInt16State(const struct SvdfParams* params, const int8_t* input_data,
                    const int8_t* weights_feature_data, const int16_t* weights_time_data,
                    const int32_t* bias_data, int16_t* state_data, int8_t* output_data) {
  Svdf(params, input_data, weights_feature_data, weights_time_data, bias_data, state_data, output_data, 2);
}

void SvdfInt8State(const struct SvdfParams* params, const int8_t* input_data,
                   const int8_t* weights_feature_data, const int8_t* weights_time_data,
                   const int32_t* bias_data, int8_t* state_data, int8_t* output_data) {
  Svdf(params, input_data, weights_feature_data, weights_time_data, bias_data, state_data, output_data, 1);
}
