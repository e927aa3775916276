/* LOG_SOFTMAX, int8 (TFLite's integer LogSoftmax): over the last dimension,
 * differences to the row maximum in Q5.26, exps summed in Q12.19, their log,
 * the output on scale 16/256 with zero point 127. */
#ifndef KERNELS_LOG_SOFTMAX_H
#define KERNELS_LOG_SOFTMAX_H

#include <stdint.h>

struct LogSoftmaxParams {
  int32_t input_multiplier, input_left_shift;     /* beta * input scale in Q5.26 */
  int32_t reverse_multiplier, reverse_left_shift; /* its inverse, shift <= 0 */
  int32_t diff_min;                                /* smaller differences count as exp = 0 */
  int32_t outer_size, depth;
};

void LogSoftmax(const struct LogSoftmaxParams* params, const int8_t* input_data,
                int8_t* output_data);

#endif /* KERNELS_LOG_SOFTMAX_H */
