/* Reference int8 MEAN. */
#include "kernels/mean.h"

#include "kernels/reduce_window.h"

static int32_t Sum(int32_t accumulator, int32_t value) { return accumulator + value; }

void Mean(const struct MeanParams* params, const struct Dims4* input_shape,
          const int8_t* input_data, const struct Dims4* output_shape, int8_t* output_data) {
  const int32_t zero_point_sum = params->input_zero_point * params->num_elements;
  int8_t* out = output_data;
  for (int32_t n = 0; n < output_shape->n; ++n) {
    for (int32_t h = 0; h < output_shape->h; ++h) {
      for (int32_t w = 0; w < output_shape->w; ++w) {
        for (int32_t c = 0; c < output_shape->c; ++c) {
          const int32_t sum =
              ReduceWindow(&params->window, input_shape, input_data, n, h, w, c, 0, Sum) -
              zero_point_sum;
          const int32_t output = MultiplyByQuantizedMultiplier(sum, params->output_multiplier,
                                                               params->output_shift) +
                                 params->output_zero_point;
          *out++ = (int8_t)ActivationClamp(output, -128, 127);
        }
      }
    }
  }
}
