/* Reference int8 and int16 PRELU (int16: int16 input and output, int8 alpha). */
#include "kernels/prelu.h"

#include "kernels/broadcast.h"

DEFINE_MIXED_BINARY_LOOPS(Int16Int8, int16_t, int8_t, int16_t)

/* One output value before the clamp, of either type. */
static inline int32_t PreluElement(const struct PreluParams* p, int32_t x, int32_t alpha) {
  const int32_t input = p->input_offset + x;
  const int32_t scaled =
      input >= 0
          ? MultiplyByQuantizedMultiplier(input, p->output_multiplier_1, p->output_shift_1)
          : MultiplyByQuantizedMultiplier(input * (p->alpha_offset + alpha), p->output_multiplier_2,
                                          p->output_shift_2);
  return p->output_offset + scaled;
}

static int8_t PreluOne(const void* params, int8_t x, int8_t alpha) {
  return (int8_t)ActivationClamp(PreluElement(params, x, alpha), -128, 127);
}

static int16_t PreluOneInt16(const void* params, int16_t x, int8_t alpha) {
  return (int16_t)ActivationClamp(PreluElement(params, x, alpha), -32768, 32767);
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

void PreluInt16(const struct PreluParams* params, const struct Dims4* input_shape,
                const int16_t* input_data, const struct Dims4* alpha_shape,
                const int8_t* alpha_data, const struct Dims4* output_shape,
                int16_t* output_data) {
  (void)input_shape;
  (void)alpha_shape;
  BinaryElementwiseInt16Int8(params, Dims4FlatSize(output_shape), input_data, alpha_data,
                             output_data, PreluOneInt16);
}

void BroadcastPrelu4DSlowInt16(const struct PreluParams* params, const struct Dims4* input_shape,
                               const int16_t* input_data, const struct Dims4* alpha_shape,
                               const int8_t* alpha_data, const struct Dims4* output_shape,
                               int16_t* output_data) {
  BroadcastBinary4DSlowInt16Int8(params, input_shape, input_data, alpha_shape, alpha_data,
                                 output_shape, output_data, PreluOneInt16);
}
