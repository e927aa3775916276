/* MUL, int8 (TFLite's integer Mul): the product of the zero-point-corrected
 * inputs, requantized to the output, clamped. */
#ifndef KERNELS_MUL_H
#define KERNELS_MUL_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct MulParams {
  int32_t input1_offset, input2_offset; /* -input zero points */
  int32_t output_offset;                /* output zero point */
  int32_t output_multiplier, output_shift;
  int32_t activation_min, activation_max;
};

/* One output value of MUL, clamped (any element type). */
static inline int32_t MulElement(const struct MulParams* p, int32_t a, int32_t b) {
  const int32_t product = (a + p->input1_offset) * (b + p->input2_offset);
  const int32_t output =
      MultiplyByQuantizedMultiplier(product, p->output_multiplier, p->output_shift) +
      p->output_offset;
  return ActivationClamp(output, p->activation_min, p->activation_max);
}

/* Same-shape operands: all three shapes are equal. */
void Mul(const struct MulParams* params, const struct Dims4* input1_shape,
         const int8_t* input1_data, const struct Dims4* input2_shape,
         const int8_t* input2_data, const struct Dims4* output_shape, int8_t* output_data);

/* Broadcasting operands: each input dim is 1 or the output's. */
void BroadcastMul4DSlow(const struct MulParams* params, const struct Dims4* input1_shape,
                        const int8_t* input1_data, const struct Dims4* input2_shape,
                        const int8_t* input2_data, const struct Dims4* output_shape,
                        int8_t* output_data);

/* int16 (16x8 quantization, mul_int16.c). */
void MulInt16(const struct MulParams* params, const struct Dims4* input1_shape,
              const int16_t* input1_data, const struct Dims4* input2_shape,
              const int16_t* input2_data, const struct Dims4* output_shape, int16_t* output_data);
void BroadcastMul4DSlowInt16(const struct MulParams* params, const struct Dims4* input1_shape,
                             const int16_t* input1_data, const struct Dims4* input2_shape,
                             const int16_t* input2_data, const struct Dims4* output_shape,
                             int16_t* output_data);

#endif /* KERNELS_MUL_H */
