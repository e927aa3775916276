/* The reference int8 ADD loops, for the firmware's kernel and for project
 * overrides that fall back to them for the shapes their accelerator does not take. */
#ifndef KERNELS_ADD_REFERENCE_H
#define KERNELS_ADD_REFERENCE_H

#include "kernels/add.h"
#include "kernels/broadcast.h"

static inline int8_t AddOne(const void* params, int8_t a, int8_t b) {
  return (int8_t)AddElement(params, a, b);
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
