/* The reference int8 ADD loops, for the firmware's kernel and for project
 * overrides that fall back to them for the shapes their accelerator does not take. */
#ifndef KERNELS_ADD_REFERENCE_H
#define KERNELS_ADD_REFERENCE_H

#include "kernels/add.h"
#include "kernels/broadcast.h"

static inline int8_t AddOne(const void* params, int8_t a, int8_t b) {
  const struct AddParams* p = params;
  const int32_t scaled1 =
      RescaledInput(a, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
  const int32_t scaled2 =
      RescaledInput(b, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
  const int32_t output =
      MultiplyByQuantizedMultiplier(scaled1 + scaled2, p->output_multiplier, p->output_shift) +
      p->output_offset;
  return (int8_t)ActivationClamp(output, p->activation_min, p->activation_max);
}

static inline void AddReference(const struct AddParams* params, const struct Dims4* input1_shape,
                                const int8_t* input1_data, const struct Dims4* input2_shape,
                                const int8_t* input2_data, const struct Dims4* output_shape,
                                int8_t* output_data) {
  (void)input1_shape;
  (void)input2_shape;
  BinaryElementwise(params, Dims4FlatSize(output_shape), input1_data, input2_data, output_data,
                    AddOne);
}

static inline void BroadcastAdd4DSlowReference(const struct AddParams* params,
                                               const struct Dims4* input1_shape,
                                               const int8_t* input1_data,
                                               const struct Dims4* input2_shape,
                                               const int8_t* input2_data,
                                               const struct Dims4* output_shape,
                                               int8_t* output_data) {
  BroadcastBinary4DSlow(params, input1_shape, input1_data, input2_shape, input2_data, output_shape,
                        output_data, AddOne);
}

#endif /* KERNELS_ADD_REFERENCE_H */
