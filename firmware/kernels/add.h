/* ADD, int8 (TFLite's integer Add): both inputs rescaled to a common scale
 * with 20 bits of headroom, summed, requantized to the output, clamped. */
#ifndef KERNELS_ADD_H
#define KERNELS_ADD_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct AddParams {
  int32_t input1_offset, input2_offset; /* -input zero points */
  int32_t output_offset;                /* output zero point */
  int32_t left_shift;                   /* headroom: 20 for int8 */
  int32_t input1_multiplier, input1_shift;
  int32_t input2_multiplier, input2_shift;
  int32_t output_multiplier, output_shift; /* shifts <= 0 */
  int32_t activation_min, activation_max;
};

/* One input value on the common scale (TFLite's ArithmeticParams step shared
 * by ADD, SUB and SQUARED_DIFFERENCE): offset, shifted up by the headroom,
 * requantized with a multiplier below one. */
static inline int32_t RescaledInput(int8_t x, int32_t offset, int32_t left_shift,
                                    int32_t multiplier, int32_t shift) {
  return MultiplyByQuantizedMultiplier((x + offset) * (1 << left_shift), multiplier, shift);
}

/* Same-shape operands: all three shapes are equal. */
void Add(const struct AddParams* params, const struct Dims4* input1_shape,
         const int8_t* input1_data, const struct Dims4* input2_shape,
         const int8_t* input2_data, const struct Dims4* output_shape, int8_t* output_data);

/* Broadcasting operands: each input dim is 1 or the output's. */
void BroadcastAdd4DSlow(const struct AddParams* params, const struct Dims4* input1_shape,
                        const int8_t* input1_data, const struct Dims4* input2_shape,
                        const int8_t* input2_data, const struct Dims4* output_shape,
                        int8_t* output_data);

#endif /* KERNELS_ADD_H */
