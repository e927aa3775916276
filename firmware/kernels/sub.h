/* SUB, int8 (TFLite's integer Sub): ADD's parameters (both inputs rescaled to
 * a common scale with 20 bits of headroom), the difference requantized to the
 * output, clamped. */
#ifndef KERNELS_SUB_H
#define KERNELS_SUB_H

#include <stdint.h>

#include "kernels/add.h"
#include "kernels/kernel_util.h"

/* Same-shape operands. */
void Sub(const struct AddParams* params, const struct Dims4* input1_shape,
         const int8_t* input1_data, const struct Dims4* input2_shape,
         const int8_t* input2_data, const struct Dims4* output_shape, int8_t* output_data);

/* Broadcasting operands: each input dim is 1 or the output's. */
void BroadcastSub4DSlow(const struct AddParams* params, const struct Dims4* input1_shape,
                        const int8_t* input1_data, const struct Dims4* input2_shape,
                        const int8_t* input2_data, const struct Dims4* output_shape,
                        int8_t* output_data);

#endif /* KERNELS_SUB_H */
