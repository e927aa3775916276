/* Reference int8 MAXIMUM and MINIMUM. */
#include "kernels/maximum_minimum.h"

#include "kernels/broadcast.h"

static int8_t MaximumOne(const void* params, int8_t a, int8_t b) {
  (void)params;
  return a > b ? a : b;
}

static int8_t MinimumOne(const void* params, int8_t a, int8_t b) {
  (void)params;
  return a < b ? a : b;
}

void Maximum(const void* params, const struct Dims4* input1_shape, const int8_t* input1_data,
             const struct Dims4* input2_shape, const int8_t* input2_data,
             const struct Dims4* output_shape, int8_t* output_data) {
  (void)input1_shape;
  (void)input2_shape;
  BinaryElementwise(params, Dims4FlatSize(output_shape), input1_data, input2_data, output_data,
                    MaximumOne);
}

void Minimum(const void* params, const struct Dims4* input1_shape, const int8_t* input1_data,
             const struct Dims4* input2_shape, const int8_t* input2_data,
             const struct Dims4* output_shape, int8_t* output_data) {
  (void)input1_shape;
  (void)input2_shape;
  BinaryElementwise(params, Dims4FlatSize(output_shape), input1_data, input2_data, output_data,
                    MinimumOne);
}

void BroadcastMaximum4DSlow(const void* params, const struct Dims4* input1_shape,
                            const int8_t* input1_data, const struct Dims4* input2_shape,
                            const int8_t* input2_data, const struct Dims4* output_shape,
                            int8_t* output_data) {
  BroadcastBinary4DSlow(params, input1_shape, input1_data, input2_shape, input2_data, output_shape,
                        output_data, MaximumOne);
}

void BroadcastMinimum4DSlow(const void* params, const struct Dims4* input1_shape,
                            const int8_t* input1_data, const struct Dims4* input2_shape,
                            const int8_t* input2_data, const struct Dims4* output_shape,
                            int8_t* output_data) {
  BroadcastBinary4DSlow(params, input1_shape, input1_data, input2_shape, input2_data, output_shape,
                        output_data, MinimumOne);
}
