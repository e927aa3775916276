/* The reference int8 ADD loops, for the firmware's kernel and for project
 * overrides that fall back to them for the shapes their accelerator does not take. */
#ifndef KERNELS_ADD_REFERENCE_H
#define KERNELS_ADD_REFERENCE_H

#include "kernels/add.h"
#include "kernels/broadcast.h"

/* TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp (shift <= 0). */
static inline int32_t AddRescale(int32_t x, int32_t multiplier, int32_t shift) {
  return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, multiplier), -shift);
}

static inline int8_t AddOne(const struct AddParams* p, int8_t a, int8_t b) {
  const int32_t scaled1 = AddRescale((a + p->input1_offset) * (1 << p->left_shift),
                                     p->input1_multiplier, p->input1_shift);
  const int32_t scaled2 = AddRescale((b + p->input2_offset) * (1 << p->left_shift),
                                     p->input2_multiplier, p->input2_shift);
  const int32_t output =
      AddRescale(scaled1 + scaled2, p->output_multiplier, p->output_shift) + p->output_offset;
  return (int8_t)ActivationClamp(output, p->activation_min, p->activation_max);
}

static inline void AddReference(const struct AddParams* params, const struct Dims4* input1_shape,
                                const int8_t* input1_data, const struct Dims4* input2_shape,
                                const int8_t* input2_data, const struct Dims4* output_shape,
                                int8_t* output_data) {
  (void)input1_shape;
  (void)input2_shape;
  const int32_t size = Dims4FlatSize(output_shape);
  for (int32_t i = 0; i < size; ++i) {
    output_data[i] = AddOne(params, input1_data[i], input2_data[i]);
  }
}

static inline void BroadcastAdd4DSlowReference(const struct AddParams* params,
                                               const struct Dims4* input1_shape,
                                               const int8_t* input1_data,
                                               const struct Dims4* input2_shape,
                                               const int8_t* input2_data,
                                               const struct Dims4* output_shape,
                                               int8_t* output_data) {
  const struct BroadcastStrides s1 = BroadcastStridesOf(input1_shape);
  const struct BroadcastStrides s2 = BroadcastStridesOf(input2_shape);
  int8_t* out = output_data;
  for (int32_t n = 0; n < output_shape->n; ++n) {
    for (int32_t h = 0; h < output_shape->h; ++h) {
      for (int32_t w = 0; w < output_shape->w; ++w) {
        for (int32_t c = 0; c < output_shape->c; ++c) {
          *out++ = AddOne(params, input1_data[BroadcastOffset(&s1, n, h, w, c)],
                          input2_data[BroadcastOffset(&s2, n, h, w, c)]);
        }
      }
    }
  }
}

#endif /* KERNELS_ADD_REFERENCE_H */
