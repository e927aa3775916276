/* MAXIMUM and MINIMUM, int8 and int16 (TFLite's MaximumMinimum): the larger /
 * smaller raw value, no requantization. `params` is unused (NULL): the common
 * binary signature. */
#ifndef KERNELS_MAXIMUM_MINIMUM_H
#define KERNELS_MAXIMUM_MINIMUM_H

#include <stdint.h>

#include "kernels/kernel_util.h"

/* Same-shape operands. */
void Maximum(const void* params, const struct Dims4* input1_shape, const int8_t* input1_data,
             const struct Dims4* input2_shape, const int8_t* input2_data,
             const struct Dims4* output_shape, int8_t* output_data);
void Minimum(const void* params, const struct Dims4* input1_shape, const int8_t* input1_data,
             const struct Dims4* input2_shape, const int8_t* input2_data,
             const struct Dims4* output_shape, int8_t* output_data);

/* Broadcasting operands: each input dim is 1 or the output's. */
void BroadcastMaximum4DSlow(const void* params, const struct Dims4* input1_shape,
                            const int8_t* input1_data, const struct Dims4* input2_shape,
                            const int8_t* input2_data, const struct Dims4* output_shape,
                            int8_t* output_data);
void BroadcastMinimum4DSlow(const void* params, const struct Dims4* input1_shape,
                            const int8_t* input1_data, const struct Dims4* input2_shape,
                            const int8_t* input2_data, const struct Dims4* output_shape,
                            int8_t* output_data);

/* int16: the same with int16 values. */
void MaximumInt16(const void* params, const struct Dims4* input1_shape, const int16_t* input1_data,
                  const struct Dims4* input2_shape, const int16_t* input2_data,
                  const struct Dims4* output_shape, int16_t* output_data);
void MinimumInt16(const void* params, const struct Dims4* input1_shape, const int16_t* input1_data,
                  const struct Dims4* input2_shape, const int16_t* input2_data,
                  const struct Dims4* output_shape, int16_t* output_data);
void BroadcastMaximum4DSlowInt16(const void* params, const struct Dims4* input1_shape,
                                 const int16_t* input1_data, const struct Dims4* input2_shape,
                                 const int16_t* input2_data, const struct Dims4* output_shape,
                                 int16_t* output_data);
void BroadcastMinimum4DSlowInt16(const void* params, const struct Dims4* input1_shape,
                                 const int16_t* input1_data, const struct Dims4* input2_shape,
                                 const int16_t* input2_data, const struct Dims4* output_shape,
                                 int16_t* output_data);

#endif /* KERNELS_MAXIMUM_MINIMUM_H */
