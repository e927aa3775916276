/* What AVERAGE_POOL_2D and MAX_POOL_2D share: their parameters and the part
 * of a pooling window that lies inside the input. */
#ifndef KERNELS_POOL_PARAMS_H
#define KERNELS_POOL_PARAMS_H

#include <stdint.h>

struct PoolParams {
  int32_t stride_width, stride_height;
  int32_t filter_width, filter_height;
  int32_t padding_width, padding_height; /* leading (left/top) padding */
  int32_t activation_min, activation_max;
};

/* Along one axis, the window of output position `out` covers input positions
 * origin + tap for the filter taps start <= tap < end (padding excluded). */
struct PoolSpan {
  int32_t origin, start, end;
};

static inline struct PoolSpan PoolSpanAt(int32_t out, int32_t stride, int32_t padding,
                                         int32_t filter_size, int32_t input_size) {
  struct PoolSpan span;
  span.origin = out * stride - padding;
  span.start = span.origin < 0 ? -span.origin : 0;
  span.end = filter_size < input_size - span.origin ? filter_size : input_size - span.origin;
  return span;
}

#endif /* KERNELS_POOL_PARAMS_H */
