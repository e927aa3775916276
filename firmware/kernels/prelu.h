/* PRELU, int8 and int16 (TFLite's BroadcastPrelu4DSlow): non-negative inputs requantized
 * with input/output scale, negative ones multiplied by the broadcast alpha
 * tensor and requantized with input x alpha / output scale. */
#ifndef KERNELS_PRELU_H
#define KERNELS_PRELU_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct PreluParams {
  int32_t input_offset; /* -input zero point */
  int32_t alpha_offset; /* -alpha zero point */
  int32_t output_offset; /* output zero point */
  int32_t output_multiplier_1, output_shift_1; /* input >= 0 */
  int32_t output_multiplier_2, output_shift_2; /* input < 0 */
};

/* Same-shape input and alpha. */
void Prelu(const struct PreluParams* params, const struct Dims4* input_shape,
           const int8_t* input_data, const struct Dims4* alpha_shape, const int8_t* alpha_data,
           const struct Dims4* output_shape, int8_t* output_data);

/* Broadcasting input and alpha: each dim is 1 or the output's. */
void BroadcastPrelu4DSlow(const struct PreluParams* params, const struct Dims4* input_shape,
                          const int8_t* input_data, const struct Dims4* alpha_shape,
                          const int8_t* alpha_data, const struct Dims4* output_shape,
                          int8_t* output_data);

/* int16 input and output (zero point 0), int8 alpha: the same math. */
void PreluInt16(const struct PreluParams* params, const struct Dims4* input_shape,
                const int16_t* input_data, const struct Dims4* alpha_shape,
                const int8_t* alpha_data, const struct Dims4* output_shape,
                int16_t* output_data);
void BroadcastPrelu4DSlowInt16(const struct PreluParams* params, const struct Dims4* input_shape,
                               const int16_t* input_data, const struct Dims4* alpha_shape,
                               const int8_t* alpha_data, const struct Dims4* output_shape,
                               int16_t* output_data);

#endif /* KERNELS_PRELU_H */
