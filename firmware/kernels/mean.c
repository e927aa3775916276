/* Reference int8 and int16 MEAN (and SUM). */
#include "kernels/mean.h"

#include "kernels/reduce_window.h"

static inline int32_t Sum(int32_t accumulator, int32_t value) { return accumulator + value; }

/* The zero-point-corrected sum, rescaled and clamped to [min, max]. */
static inline int32_t MeanOutput(const struct MeanParams* params, int32_t sum, int32_t min,
                                 int32_t max) {
  const int32_t output =
      MultiplyByQuantizedMultiplier(sum - params->input_zero_point * params->num_elements,
                                    params->output_multiplier, params->output_shift) +
      params->output_zero_point;
  return ActivationClamp(output, min, max);
}

DEFINE_REDUCTION(Mean, MeanParams, int8_t, -128, 127, 0, Sum, MeanOutput)
DEFINE_REDUCTION(MeanInt16, MeanParams, int16_t, -32768, 32767, 0, Sum, MeanOutput)
