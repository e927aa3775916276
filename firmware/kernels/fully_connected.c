/* Reference FULLY_CONNECTED: one dot product per output, the honest baseline. */
#include "kernels/fully_connected.h"

void FullyConnected(const struct FullyConnectedParams* params,
                    const int32_t* output_multiplier,
                    const int32_t* output_shift,
                    const struct Dims4* input_shape, const int8_t* input_data,
                    const struct Dims4* filter_shape, const int8_t* filter_data,
                    const int32_t* bias_data,
                    const struct Dims4* output_shape, int8_t* output_data) {
  const int32_t accum_depth = filter_shape->c;
  const int32_t output_depth = output_shape->c;
  const int32_t batches = Dims4FlatSize(output_shape) / output_depth;
  (void)input_shape; /* batches*accum_depth elements, whatever the shape */
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t out_c = 0; out_c < output_depth; ++out_c) {
      int32_t acc = 0;
      for (int32_t d = 0; d < accum_depth; ++d) {
        const int32_t input_val = input_data[b * accum_depth + d];
        const int32_t filter_val = filter_data[out_c * accum_depth + d];
        acc += (filter_val + params->weights_offset) * (input_val + params->input_offset);
      }
      if (bias_data) acc += bias_data[out_c];
      const int32_t q = params->per_channel ? out_c : 0;
      acc = MultiplyByQuantizedMultiplier(acc, output_multiplier[q], output_shift[q]);
      acc += params->output_offset;
      output_data[b * output_depth + out_c] =
          (int8_t)ActivationClamp(acc, params->activation_min, params->activation_max);
    }
  }
}
