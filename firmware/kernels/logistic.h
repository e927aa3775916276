/* LOGISTIC (sigmoid), int8 -> int8 (output scale 1/256, zero point -128), as
 * TFLite Micro's int8 path: the input rescaled to Q4.27 and gemmlowp-style
 * fixed-point logistic (no lookup table). */
#ifndef KERNELS_LOGISTIC_H
#define KERNELS_LOGISTIC_H

#include <stdint.h>

#include "kernels/sigmoid_table.h"

struct LogisticParams {
  int32_t input_zero_point;
  int32_t input_range_radius; /* |input - zero point| >= radius saturates */
  int32_t input_multiplier;   /* input_scale * 2^27 as a Q31 multiplier ... */
  int32_t input_left_shift;   /* ... and shift (either sign) */
};

void Logistic(const struct LogisticParams* params, int32_t size,
              const int8_t* input_data, int8_t* output_data);

/* int16 -> int16 (zero points 0, output scale 2^-15): the sigmoid table (sigmoid_table.h). */
void LogisticInt16(const struct SigmoidTableParams* params, int32_t size,
                   const int16_t* input_data, int16_t* output_data);

#endif /* KERNELS_LOGISTIC_H */
