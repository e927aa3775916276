/* SUB, int8 (TFLite's integer Sub): ADD's parameters (both inputs rescaled to
 * a common scale with 20 bits of headroom), the difference requantized to the
 * output, clamped. */
#ifndef KERNELS_SUB_H
#define KERNELS_SUB_H

#include <stdint.h>

#include "kernels/add.h"
#include "kernels/kernel_util.h"

/* One output value of SUB, clamped (any element type). */
static inline int32_t SubElement(const struct AddParams* p, int32_t a, int32_t b) {
  const int32_t scaled1 =
      RescaledInput(a, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
  const int32_t scaled2 =
      RescaledInput(b, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
  const int32_t output =
      MultiplyByQuantizedMultiplier(scaled1 - scaled2, p->output_multiplier, p->output_shift) +
      p->output_offset;
  return ActivationClamp(output, p->activation_min, p->activation_max);
}

/* Same-shape operands. */
void Sub(const struct AddParams* params, const struct Dims4* input1_shape,
         const int8_t* input1_data, const struct Dims4* input2_shape,
         const int8_t* input2_data, const struct Dims4* output_shape, int8_t* output_data);

/* Broadcasting operands: each input dim is 1 or the output's. */
void BroadcastSub4DSlow(const struct AddParams* params, const struct Dims4* input1_shape,
                        const int8_t* input1_data, const struct Dims4* input2_shape,
                        const int8_t* input2_data, const struct Dims4* output_shape,
                        int8_t* output_data);

/* int16 (16x8 quantization, sub_int16.c): the same math with 15 bits of headroom. */
void SubInt16(const struct AddParams* params, const struct Dims4* input1_shape,
              const int16_t* input1_data, const struct Dims4* input2_shape,
              const int16_t* input2_data, const struct Dims4* output_shape, int16_t* output_data);
void BroadcastSub4DSlowInt16(const struct AddParams* params, const struct Dims4* input1_shape,
                             const int16_t* input1_data, const struct Dims4* input2_shape,
                             const int16_t* input2_data, const struct Dims4* output_shape,
                             int16_t* output_data);

#endif /* KERNELS_SUB_H */
