/* Reference MAXIMUM and MINIMUM: int8 and int16. */
#include "kernels/maximum_minimum.h"

#include "kernels/broadcast.h"

/* The four kernels of element type T (names suffixed with `Suffix`). */
#define DEFINE_MAXIMUM_MINIMUM(Suffix, T)                                                          \
  static T MaximumOne##Suffix(const void* params, T a, T b) {                                      \
    (void)params;                                                                                  \
    return a > b ? a : b;                                                                          \
  }                                                                                                \
  static T MinimumOne##Suffix(const void* params, T a, T b) {                                      \
    (void)params;                                                                                  \
    return a < b ? a : b;                                                                          \
  }                                                                                                \
  void Maximum##Suffix(const void* params, const struct Dims4* input1_shape, const T* input1_data, \
                       const struct Dims4* input2_shape, const T* input2_data,                     \
                       const struct Dims4* output_shape, T* output_data) {                         \
    (void)input1_shape;                                                                            \
    (void)input2_shape;                                                                            \
    BinaryElementwise##Suffix(params, Dims4FlatSize(output_shape), input1_data, input2_data,       \
                              output_data, MaximumOne##Suffix);                                    \
  }                                                                                                \
  void Minimum##Suffix(const void* params, const struct Dims4* input1_shape, const T* input1_data, \
                       const struct Dims4* input2_shape, const T* input2_data,                     \
                       const struct Dims4* output_shape, T* output_data) {                         \
    (void)input1_shape;                                                                            \
    (void)input2_shape;                                                                            \
    BinaryElementwise##Suffix(params, Dims4FlatSize(output_shape), input1_data, input2_data,       \
                              output_data, MinimumOne##Suffix);                                    \
  }                                                                                                \
  void BroadcastMaximum4DSlow##Suffix(const void* params, const struct Dims4* input1_shape,        \
                                      const T* input1_data, const struct Dims4* input2_shape,      \
                                      const T* input2_data, const struct Dims4* output_shape,      \
                                      T* output_data) {                                            \
    BroadcastBinary4DSlow##Suffix(params, input1_shape, input1_data, input2_shape, input2_data,    \
                                  output_shape, output_data, MaximumOne##Suffix);                  \
  }                                                                                                \
  void BroadcastMinimum4DSlow##Suffix(const void* params, const struct Dims4* input1_shape,        \
                                      const T* input1_data, const struct Dims4* input2_shape,      \
                                      const T* input2_data, const struct Dims4* output_shape,      \
                                      T* output_data) {                                            \
    BroadcastBinary4DSlow##Suffix(params, input1_shape, input1_data, input2_shape, input2_data,    \
                                  output_shape, output_data, MinimumOne##Suffix);                  \
  }

DEFINE_MAXIMUM_MINIMUM(, int8_t)
DEFINE_MAXIMUM_MINIMUM(Int16, int16_t)
