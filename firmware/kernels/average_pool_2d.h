/* AVERAGE_POOL_2D, int8 (TFLite's integer AveragePool): the mean of the window
 * cells inside the input, rounded half away from zero. Input and output share
 * one quantization, so zero points play no part. */
#ifndef KERNELS_AVERAGE_POOL_2D_H
#define KERNELS_AVERAGE_POOL_2D_H

#include <stdint.h>

#include "kernels/kernel_util.h"
#include "kernels/pool_params.h"

/* input [n,h,w,c], output [n,oh,ow,c]; every window overlaps the input. */
void AveragePool(const struct PoolParams* params, const struct Dims4* input_shape,
                 const int8_t* input_data, const struct Dims4* output_shape,
                 int8_t* output_data);

#endif /* KERNELS_AVERAGE_POOL_2D_H */
