/* REDUCE_MAX, int8, over up to two axes of a 4-D input (TFLite's ReduceGeneric
 * with max): the largest raw value of each window; input and output share one
 * quantization. */
#ifndef KERNELS_REDUCE_MAX_H
#define KERNELS_REDUCE_MAX_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct ReduceMaxParams {
  struct Dims4 window; /* reduced dims: the input's size; kept dims: 1 */
};

/* output_shape is the input shape with the reduced dims set to 1. */
void ReduceMax(const struct ReduceMaxParams* params, const struct Dims4* input_shape,
               const int8_t* input_data, const struct Dims4* output_shape, int8_t* output_data);

#endif /* KERNELS_REDUCE_MAX_H */
