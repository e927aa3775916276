/* Reference int8 ADD. */
#include "kernels/add.h"

#include "kernels/add_reference.h"

void Add(const struct AddParams* params, const struct Dims4* input1_shape,
         const int8_t* input1_data, const struct Dims4* input2_shape,
         const int8_t* input2_data, const struct Dims4* output_shape, int8_t* output_data) {
  AddReference(params, input1_shape, input1_data, input2_shape, input2_data, output_shape,
               output_data);
}

void BroadcastAdd4DSlow(const struct AddParams* params, const struct Dims4* input1_shape,
                        const int8_t* input1_data, const struct Dims4* input2_shape,
                        const int8_t* input2_data, const struct Dims4* output_shape,
                        int8_t* output_data) {
  BroadcastAdd4DSlowReference(params, input1_shape, input1_data, input2_shape, input2_data,
                              output_shape, output_data);
}
