/* Reference int8 REDUCE_MAX. */
#include "kernels/reduce_max.h"

#include "kernels/reduce_window.h"

static int32_t Max(int32_t accumulator, int32_t value) {
  return value > accumulator ? value : accumulator;
}

void ReduceMax(const struct ReduceMaxParams* params, const struct Dims4* input_shape,
               const int8_t* input_data, const struct Dims4* output_shape, int8_t* output_data) {
  int8_t* out = output_data;
  for (int32_t n = 0; n < output_shape->n; ++n) {
    for (int32_t h = 0; h < output_shape->h; ++h) {
      for (int32_t w = 0; w < output_shape->w; ++w) {
        for (int32_t c = 0; c < output_shape->c; ++c) {
          *out++ = (int8_t)ReduceWindow(&params->window, input_shape, input_data, n, h, w, c, -128,
                                        Max);
        }
      }
    }
  }
}
