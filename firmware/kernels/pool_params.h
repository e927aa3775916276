/* The parameters shared by AVERAGE_POOL_2D and MAX_POOL_2D. */
#ifndef KERNELS_POOL_PARAMS_H
#define KERNELS_POOL_PARAMS_H

#include <stdint.h>

struct PoolParams {
  int32_t stride_width, stride_height;
  int32_t filter_width, filter_height;
  int32_t padding_width, padding_height; /* leading (left/top) padding */
  int32_t activation_min, activation_max;
};

#endif /* KERNELS_POOL_PARAMS_H */
