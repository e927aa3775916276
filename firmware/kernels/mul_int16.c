/* Reference int16 MUL (16x8 quantization): MulElement on int16 values. */
#include "kernels/mul.h"

#include "kernels/broadcast.h"

static int16_t MulOneInt16(const void* params, int16_t a, int16_t b) {
  return (int16_t)MulElement(params, a, b);
}

void MulInt16(const struct MulParams* params, const struct Dims4* input1_shape,
              const int16_t* input1_data, const struct Dims4* input2_shape,
              const int16_t* input2_data, const struct Dims4* output_shape, int16_t* output_data) {
  (void)input1_shape;
  (void)input2_shape;
  BinaryElementwiseInt16(params, Dims4FlatSize(output_shape), input1_data, input2_data,
                         output_data, MulOneInt16);
}

void BroadcastMul4DSlowInt16(const struct MulParams* params, const struct Dims4* input1_shape,
                             const int16_t* input1_data, const struct Dims4* input2_shape,
                             const int16_t* input2_data, const struct Dims4* output_shape,
                             int16_t* output_data) {
  BroadcastBinary4DSlowInt16(params, input1_shape, input1_data, input2_shape, input2_data,
                             output_shape, output_data, MulOneInt16);
}
