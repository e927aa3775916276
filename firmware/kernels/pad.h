/* PAD, int8 and int16: the input placed inside a larger output, the border filled with
 * the output zero point (the quantized 0.0). Input and output share one
 * quantization, so values are copied unchanged. */
#ifndef KERNELS_PAD_H
#define KERNELS_PAD_H

#include <stdint.h>

#include "kernels/kernel_util.h"

struct PadParams {
  int32_t left_n, left_h, left_w, left_c; /* leading padding of each dim */
  int32_t pad_value;
};

/* output dims = input dims + leading + trailing padding. */
void Pad(const struct PadParams* params, const struct Dims4* input_shape,
         const int8_t* input_data, const struct Dims4* output_shape, int8_t* output_data);
void PadInt16(const struct PadParams* params, const struct Dims4* input_shape,
              const int16_t* input_data, const struct Dims4* output_shape, int16_t* output_data);

#endif /* KERNELS_PAD_H */
