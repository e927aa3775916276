/* Reference 16x8 FULLY_CONNECTED: int16 activations, int8 weights. */
#include "kernels/fully_connected.h"

/* The loops of both bias types (one of bias64, bias32 is NULL at each call site). */
static inline __attribute__((always_inline)) void FullyConnected16x8Loops(
    const struct FullyConnectedParams* params, const int32_t* output_multiplier,
    const int32_t* output_shift, const int16_t* input_data, const struct Dims4* filter_shape,
    const int8_t* filter_data, const int64_t* bias64, const int32_t* bias32,
    const struct Dims4* output_shape, int16_t* output_data) {
  const int32_t accum_depth = filter_shape->c;
  const int32_t output_depth = output_shape->c;
  const int32_t batches = Dims4FlatSize(output_shape) / output_depth;
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t out_c = 0; out_c < output_depth; ++out_c) {
      int64_t acc = 0;
      for (int32_t d = 0; d < accum_depth; ++d) {
        acc += (filter_data[out_c * accum_depth + d] + params->weights_offset) *
               input_data[b * accum_depth + d];
      }
      const int32_t q = params->per_channel ? out_c : 0;
      const int32_t scaled =
          Scale16x8Accumulator(acc, bias64, bias32, out_c, output_multiplier[q], output_shift[q]);
      output_data[b * output_depth + out_c] =
          (int16_t)ActivationClamp(scaled, params->activation_min, params->activation_max);
    }
  }
}

void FullyConnected16x8(const struct FullyConnectedParams* params,
                        const int32_t* output_multiplier, const int32_t* output_shift,
                        const struct Dims4* input_shape, const int16_t* input_data,
                        const struct Dims4* filter_shape, const int8_t* filter_data,
                        const int64_t* bias_data, const struct Dims4* output_shape,
                        int16_t* output_data) {
  (void)input_shape; /* batches*accum_depth elements, whatever the shape */
  FullyConnected16x8Loops(params, output_multiplier, output_shift, input_data, filter_shape,
                          filter_data, bias_data, 0, output_shape, output_data);
}

void FullyConnected16x8Bias32(const struct FullyConnectedParams* params,
                              const int32_t* output_multiplier, const int32_t* output_shift,
                              const struct Dims4* input_shape, const int16_t* input_data,
                              const struct Dims4* filter_shape, const int8_t* filter_data,
                              const int32_t* bias_data, const struct Dims4* output_shape,
                              int16_t* output_data) {
  (void)input_shape;
  FullyConnected16x8Loops(params, output_multiplier, output_shift, input_data, filter_shape,
                          filter_data, 0, bias_data, output_shape, output_data);
}
