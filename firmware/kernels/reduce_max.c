/* Reference int8 REDUCE_MAX (TFLite Micro refuses int16). */
#include "kernels/reduce_max.h"

#include "kernels/reduce_window.h"

static inline int32_t Max(int32_t accumulator, int32_t value) {
  return value > accumulator ? value : accumulator;
}

/* The largest value is the output: input and output share one quantization. */
static inline int32_t MaxOutput(const struct ReduceMaxParams* params, int32_t max, int32_t lowest,
                                int32_t highest) {
  (void)params, (void)lowest, (void)highest;
  return max;
}

DEFINE_REDUCTION(ReduceMax, ReduceMaxParams, int8_t, -128, 127, -128, Max, MaxOutput)
