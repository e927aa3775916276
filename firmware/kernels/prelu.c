/* Reference int8 PRELU. */
#include "kernels/prelu.h"

#include "kernels/broadcast.h"

static int8_t PreluOne(const void* params, int8_t x, int8_t alpha) {
  const struct PreluParams* p = params;
  const int32_t input = p->input_offset + x;
  const int32_t scaled =
      input >= 0
          ? MultiplyByQuantizedMultiplier(input, p->output_multiplier_1, p->output_shift_1)
          : MultiplyByQuantizedMultiplier(input * (p->alpha_offset + alpha), p->output_multiplier_2,
                                          p->output_shift_2);
  return (int8_t)ActivationClamp(p->output_offset + scaled, -128, 127);
}

void Prelu(const struct PreluParams* params, const struct Dims4* input_shape,
           const int8_t* input_data, const struct Dims4* alpha_shape, const int8_t* alpha_data,
           const struct Dims4* output_shape, int8_t* output_data) {
  (void)input_shape;
  (void)alpha_shape;
  BinaryElementwise(params, Dims4FlatSize(output_shape), input_data, alpha_data, output_data,
                    PreluOne);
}

void BroadcastPrelu4DSlow(const struct PreluParams* params, const struct Dims4* input_shape,
                          const int8_t* input_data, const struct Dims4* alpha_shape,
                          const int8_t* alpha_data, const struct Dims4* output_shape,
                          int8_t* output_data) {
  BroadcastBinary4DSlow(params, input_shape, input_data, alpha_shape, alpha_data, output_shape,
                        output_data, PreluOne);
}
