/* ARG_MAX and ARG_MIN, int8 input, int32 output (TFLite's ArgMinMax): the
 * index of the largest / smallest value along one axis, the first one on a
 * tie. The input is seen as [outer, axis, inner]. */
#ifndef KERNELS_ARG_MIN_MAX_H
#define KERNELS_ARG_MIN_MAX_H

#include <stdint.h>

struct ArgMinMaxParams {
  int32_t outer_size, axis_size, inner_size;
};

void ArgMax(const struct ArgMinMaxParams* params, const int8_t* input_data, int32_t* output_data);
void ArgMin(const struct ArgMinMaxParams* params, const int8_t* input_data, int32_t* output_data);

#endif /* KERNELS_ARG_MIN_MAX_H */
