/* The int8 loop of LOGISTIC and TANH (TFLite Micro's integer paths): the
 * input, less its zero point, saturates beyond the radius; inside it is
 * rescaled to Q4.27 and mapped by the kernel's fixed-point function, whose Q0
 * result is shifted down to the output's 8 bits. The function is inlined (the
 * loop is always inlined and the function a constant at each call site). */
#ifndef KERNELS_Q4_ACTIVATION_H
#define KERNELS_Q4_ACTIVATION_H

#include <stdint.h>

#include "kernels/kernel_util.h"

typedef int32_t (*Q4Function)(int32_t input_q4);

struct Q4Activation {
  int32_t input_zero_point, input_range_radius;
  int32_t input_multiplier, input_left_shift;
  int32_t output_fractional_bits; /* the output scale is 2^-output_fractional_bits */
  int32_t output_offset;          /* added after the shift */
};

static inline __attribute__((always_inline)) void Q4ActivationLoop(
    const struct Q4Activation* a, int32_t size, const int8_t* input_data, int8_t* output_data,
    Q4Function f) {
  for (int32_t i = 0; i < size; ++i) {
    const int32_t input = input_data[i] - a->input_zero_point;
    int32_t output;
    if (input <= -a->input_range_radius) {
      output = -128;
    } else if (input >= a->input_range_radius) {
      output = 127;
    } else {
      const int32_t input_q4 =
          MultiplyByQuantizedMultiplier(input, a->input_multiplier, a->input_left_shift);
      output = ActivationClamp(
          RoundingDivideByPOT(f(input_q4), 31 - a->output_fractional_bits) + a->output_offset,
          -128, 127);
    }
    output_data[i] = (int8_t)output;
  }
}

#endif /* KERNELS_Q4_ACTIVATION_H */
