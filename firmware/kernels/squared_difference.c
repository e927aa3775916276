/* Reference SQUARED_DIFFERENCE: int8 and int16. */
#include "kernels/squared_difference.h"

#include "kernels/add.h"
#include "kernels/broadcast.h"

/* The squared difference requantized, before the clamp to the output type. The square wraps modulo 2^32 as
 * TFLite's int32 product does (int16 differences reach 2^16). */
static inline int32_t SquaredDifferenceElement(const struct SquaredDifferenceParams* p, int32_t a,
                                               int32_t b) {
  const int32_t scaled1 =
      RescaledInput(a, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
  const int32_t scaled2 =
      RescaledInput(b, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
  const uint32_t difference = (uint32_t)(scaled1 - scaled2);
  return MultiplyByQuantizedMultiplier((int32_t)(difference * difference), p->output_multiplier,
                                       p->output_shift) +
         p->output_offset;
}

/* The two kernels of element type T whose range is [Lowest, Highest] (names suffixed with `Suffix`). */
#define DEFINE_SQUARED_DIFFERENCE(Suffix, T, Lowest, Highest)                                        \
  static T SquaredDifferenceOne##Suffix(const void* params, T a, T b) {                              \
    return (T)ActivationClamp(SquaredDifferenceElement(params, a, b), Lowest, Highest);              \
  }                                                                                                  \
  void SquaredDifference##Suffix(const struct SquaredDifferenceParams* params,                       \
                                 const struct Dims4* input1_shape, const T* input1_data,             \
                                 const struct Dims4* input2_shape, const T* input2_data,             \
                                 const struct Dims4* output_shape, T* output_data) {                 \
    (void)input1_shape;                                                                              \
    (void)input2_shape;                                                                              \
    BinaryElementwise##Suffix(params, Dims4FlatSize(output_shape), input1_data, input2_data,         \
                              output_data, SquaredDifferenceOne##Suffix);                            \
  }                                                                                                  \
  void BroadcastSquaredDifference4DSlow##Suffix(                                                     \
      const struct SquaredDifferenceParams* params, const struct Dims4* input1_shape,                \
      const T* input1_data, const struct Dims4* input2_shape, const T* input2_data,                  \
      const struct Dims4* output_shape, T* output_data) {                                            \
    BroadcastBinary4DSlow##Suffix(params, input1_shape, input1_data, input2_shape, input2_data,      \
                                  output_shape, output_data, SquaredDifferenceOne##Suffix);          \
  }

DEFINE_SQUARED_DIFFERENCE(, int8_t, -128, 127)
DEFINE_SQUARED_DIFFERENCE(Int16, int16_t, -32768, 32767)
