/* MEAN, int8 and int16, over up to two axes of a 4-D input (TFLite Micro's integer
 * QuantizedMeanOrSum): the zero-point-corrected sum of each window, rescaled
 * by input_scale / (output_scale * count) with one Q31 multiplier. */
#ifndef KERNELS_MEAN_H
#define KERNELS_MEAN_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct MeanParams {
  struct Dims4 window;    /* reduced dims: the input's size; kept dims: 1 */
  int32_t num_elements;   /* cells of one window */
  int32_t input_zero_point;
  int32_t output_multiplier, output_shift; /* the 1/count already folded in */
  int32_t output_zero_point;
};

/* output_shape is the input shape with the reduced dims set to 1 (the
 * layout of the output, with or without keep_dims). */
void Mean(const struct MeanParams* params, const struct Dims4* input_shape,
          const int8_t* input_data, const struct Dims4* output_shape, int8_t* output_data);
void MeanInt16(const struct MeanParams* params, const struct Dims4* input_shape,
               const int16_t* input_data, const struct Dims4* output_shape, int16_t* output_data);

#endif /* KERNELS_MEAN_H */
