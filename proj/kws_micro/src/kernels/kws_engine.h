/* Loading a layer's parameters into kws_micro's convolution engine (kws_cfu.h):
 * what the CONV_2D and DEPTHWISE_CONV_2D overrides share. */
#ifndef KERNELS_KWS_ENGINE_H
#define KERNELS_KWS_ENGINE_H

#include <stdint.h>

#include "kws_cfu.h"

/* Zero points, activation clamp and each output channel's bias (or 0),
 * multiplier and shift. */
static inline void KwsLoadQuantization(int32_t input_offset, int32_t output_offset,
                                       int32_t activation_min, int32_t activation_max,
                                       const int32_t* bias_data,
                                       const int32_t* output_multiplier,
                                       const int32_t* output_shift, int32_t channels) {
  kws_op(KWS_SET_OFFSETS, input_offset, output_offset);
  kws_op(KWS_SET_CLAMP, activation_min, activation_max);
  for (int32_t c = 0; c < channels; ++c) {
    kws_op(KWS_WRITE_BIAS, c, bias_data ? bias_data[c] : 0);
    kws_op(KWS_WRITE_MULTIPLIER, c, output_multiplier[c]);
    kws_op(KWS_WRITE_SHIFT, c, output_shift[c]);
  }
}

/* Four int8 values as the engine's little-endian word. */
static inline uint32_t KwsPack(int8_t b0, int8_t b1, int8_t b2, int8_t b3) {
  return (uint32_t)(uint8_t)b0 | (uint32_t)(uint8_t)b1 << 8 |
         (uint32_t)(uint8_t)b2 << 16 | (uint32_t)(uint8_t)b3 << 24;
}

#endif /* KERNELS_KWS_ENGINE_H */
