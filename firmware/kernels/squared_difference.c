/* Reference int8 SQUARED_DIFFERENCE. */
#include "kernels/squared_difference.h"

#include "kernels/add.h"
#include "kernels/broadcast.h"

static int8_t SquaredDifferenceOne(const void* params, int8_t a, int8_t b) {
  const struct SquaredDifferenceParams* p = params;
  const int32_t scaled1 =
      RescaledInput(a, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
  const int32_t scaled2 =
      RescaledInput(b, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
  const int32_t difference = scaled1 - scaled2; /* |difference| < 2^15: the square fits */
  const int32_t output = MultiplyByQuantizedMultiplier(difference * difference,
                                                       p->output_multiplier, p->output_shift) +
                         p->output_offset;
  return (int8_t)ActivationClamp(output, -128, 127);
}

void SquaredDifference(const struct SquaredDifferenceParams* params,
                       const struct Dims4* input1_shape, const int8_t* input1_data,
                       const struct Dims4* input2_shape, const int8_t* input2_data,
                       const struct Dims4* output_shape, int8_t* output_data) {
  (void)input1_shape;
  (void)input2_shape;
  BinaryElementwise(params, Dims4FlatSize(output_shape), input1_data, input2_data, output_data,
                    SquaredDifferenceOne);
}

void BroadcastSquaredDifference4DSlow(const struct SquaredDifferenceParams* params,
                                      const struct Dims4* input1_shape, const int8_t* input1_data,
                                      const struct Dims4* input2_shape, const int8_t* input2_data,
                                      const struct Dims4* output_shape, int8_t* output_data) {
  BroadcastBinary4DSlow(params, input1_shape, input1_data, input2_shape, input2_data, output_shape,
                        output_data, SquaredDifferenceOne);
}
