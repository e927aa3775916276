/* SQUARED_DIFFERENCE, int8 and int16 (TFLite Micro's integer path): both
 * inputs rescaled to a common scale with 7 bits of headroom (int16: none), the
 * difference squared and requantized to the output, clamped to its type. */
#ifndef KERNELS_SQUARED_DIFFERENCE_H
#define KERNELS_SQUARED_DIFFERENCE_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct SquaredDifferenceParams {
  int32_t input1_offset, input2_offset; /* -input zero points */
  int32_t output_offset;                /* output zero point */
  int32_t left_shift;                   /* headroom: 7 for int8, 0 for int16 */
  int32_t input1_multiplier, input1_shift; /* shifts <= 0 */
  int32_t input2_multiplier, input2_shift;
  int32_t output_multiplier, output_shift;
};

/* Same-shape operands. */
void SquaredDifference(const struct SquaredDifferenceParams* params,
                       const struct Dims4* input1_shape, const int8_t* input1_data,
                       const struct Dims4* input2_shape, const int8_t* input2_data,
                       const struct Dims4* output_shape, int8_t* output_data);

/* Broadcasting operands: each input dim is 1 or the output's. */
void BroadcastSquaredDifference4DSlow(const struct SquaredDifferenceParams* params,
                                      const struct Dims4* input1_shape, const int8_t* input1_data,
                                      const struct Dims4* input2_shape, const int8_t* input2_data,
                                      const struct Dims4* output_shape, int8_t* output_data);

/* int16: the same with int16 values. */
void SquaredDifferenceInt16(const struct SquaredDifferenceParams* params,
                            const struct Dims4* input1_shape, const int16_t* input1_data,
                            const struct Dims4* input2_shape, const int16_t* input2_data,
                            const struct Dims4* output_shape, int16_t* output_data);
void BroadcastSquaredDifference4DSlowInt16(const struct SquaredDifferenceParams* params,
                                           const struct Dims4* input1_shape,
                                           const int16_t* input1_data,
                                           const struct Dims4* input2_shape,
                                           const int16_t* input2_data,
                                           const struct Dims4* output_shape, int16_t* output_data);

#endif /* KERNELS_SQUARED_DIFFERENCE_H */
