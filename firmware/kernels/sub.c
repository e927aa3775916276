/* Reference int8 SUB. */
#include "kernels/sub.h"

#include "kernels/broadcast.h"

static int8_t SubOne(const void* params, int8_t a, int8_t b) {
  return (int8_t)SubElement(params, a, b);
}

void Sub(const struct AddParams* params, const struct Dims4* input1_shape,
         const int8_t* input1_data, const struct Dims4* input2_shape,
         const int8_t* input2_data, const struct Dims4* output_shape, int8_t* output_data) {
  (void)input1_shape;
  (void)input2_shape;
  BinaryElementwise(params, Dims4FlatSize(output_shape), input1_data, input2_data, output_data,
                    SubOne);
}

void BroadcastSub4DSlow(const struct AddParams* params, const struct Dims4* input1_shape,
                        const int8_t* input1_data, const struct Dims4* input2_shape,
                        const int8_t* input2_data, const struct Dims4* output_shape,
                        int8_t* output_data) {
  BroadcastBinary4DSlow(params, input1_shape, input1_data, input2_shape, input2_data, output_shape,
                        output_data, SubOne);
}
