/* SVDF, int8 (TFLite Micro's integer SVDF): a feature matmul into a state of `memory` steps per filter, then
 * the time matmul over that state, a sum over each unit's `rank` filters, bias, and the output rescale. The
 * state (int16, or int8) is a variable tensor: it keeps its values between invocations. */
#ifndef KERNELS_SVDF_H
#define KERNELS_SVDF_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct SvdfParams {
  int32_t batches, input_size, filters, rank, memory; /* units = filters / rank */
  int32_t input_zero_point, state_zero_point, output_zero_point;
  int32_t feature_multiplier, feature_shift; /* input x feature weights -> state scale */
  int32_t output_multiplier, output_shift;   /* state x time weights -> output scale */
};

/* input [batches, input_size], weights_feature [filters, input_size], weights_time [filters, memory],
 * bias [units] (int32, required), state [batches, filters * memory] (read and written), output
 * [batches, units]. */
void SvdfInt16State(const struct SvdfParams* params, const int8_t* input_data,
                    const int8_t* weights_feature_data, const int16_t* weights_time_data,
                    const int32_t* bias_data, int16_t* state_data, int8_t* output_data);
void SvdfInt8State(const struct SvdfParams* params, const int8_t* input_data,
                   const int8_t* weights_feature_data, const int8_t* weights_time_data,
                   const int32_t* bias_data, int8_t* state_data, int8_t* output_data);

#endif /* KERNELS_SVDF_H */
