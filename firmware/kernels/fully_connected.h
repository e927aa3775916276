/* FULLY_CONNECTED, int8 (TFLite's integer FullyConnected), per-tensor or
 * per-channel weight quantization. */
#ifndef KERNELS_FULLY_CONNECTED_H
#define KERNELS_FULLY_CONNECTED_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct FullyConnectedParams {
  int32_t input_offset;   /* -input zero point */
  int32_t weights_offset; /* -weights zero point */
  int32_t output_offset;  /* output zero point */
  int32_t activation_min, activation_max;
  int32_t per_channel;    /* 0: multiplier[0]/shift[0] for every output */
};

/* input [batches, depth], filter [units, depth], bias [units] (or NULL),
 * output [batches, units], as Dims4 {1, 1, batches, depth} etc. */
void FullyConnected(const struct FullyConnectedParams* params,
                    const int32_t* output_multiplier,
                    const int32_t* output_shift,
                    const struct Dims4* input_shape, const int8_t* input_data,
                    const struct Dims4* filter_shape, const int8_t* filter_data,
                    const int32_t* bias_data,
                    const struct Dims4* output_shape, int8_t* output_data);

/* 16x8 (fully_connected_int16.c): int16 input and output (zero points 0: input_offset and
 * output_offset unused), int8 weights (weights_offset applied, 0 when per channel), int64 bias (or NULL) /
 * int32 bias, as TFLite's int16 FullyConnected and FullyConnectedPerChannel. */
void FullyConnected16x8(const struct FullyConnectedParams* params,
                        const int32_t* output_multiplier, const int32_t* output_shift,
                        const struct Dims4* input_shape, const int16_t* input_data,
                        const struct Dims4* filter_shape, const int8_t* filter_data,
                        const int64_t* bias_data, const struct Dims4* output_shape,
                        int16_t* output_data);
void FullyConnected16x8Bias32(const struct FullyConnectedParams* params,
                              const int32_t* output_multiplier, const int32_t* output_shift,
                              const struct Dims4* input_shape, const int16_t* input_data,
                              const struct Dims4* filter_shape, const int8_t* filter_data,
                              const int32_t* bias_data, const struct Dims4* output_shape,
                              int16_t* output_data);

#endif /* KERNELS_FULLY_CONNECTED_H */
