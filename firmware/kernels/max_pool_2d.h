/* MAX_POOL_2D, int8 (TFLite's integer MaxPool): the largest window cell inside
 * the input, then the activation clamp. Input and output share one quantization. */
#ifndef KERNELS_MAX_POOL_2D_H
#define KERNELS_MAX_POOL_2D_H

#include <stdint.h>

#include "kernels/kernel_util.h"
#include "kernels/pool_params.h"

/* input [n,h,w,c], output [n,oh,ow,c]; every window overlaps the input. */
void MaxPool(const struct PoolParams* params, const struct Dims4* input_shape,
             const int8_t* input_data, const struct Dims4* output_shape,
             int8_t* output_data);

#endif /* KERNELS_MAX_POOL_2D_H */
