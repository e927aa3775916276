/* Loading a layer into kws_micro's small engine (kws_small_cfu.h, the Fomu's):
 * what the small CONV_2D and DEPTHWISE_CONV_2D kernels share. */
#ifndef KERNELS_KWS_SMALL_ENGINE_H
#define KERNELS_KWS_SMALL_ENGINE_H

#include <stdint.h>

#include "kws_small_cfu.h"

/* Whether the engine can requantize every channel: a multiplier that is not
 * negative (TFLite's always are) and a shift of 0 to -31 (a scale below 1). */
static inline int KwsSmallTakesQuantization(const int32_t* output_multiplier,
                                            const int32_t* output_shift, int32_t channels) {
  if (channels > KWS_S_CHANNELS) return 0;
  for (int32_t c = 0; c < channels; ++c) {
    if (output_multiplier[c] < 0 || output_shift[c] > 0 ||
        output_shift[c] < -KWS_S_MAX_RIGHT_SHIFT) {
      return 0;
    }
  }
  return 1;
}

/* Zero points, activation clamp and each output channel's bias (or 0),
 * multiplier and right shift. */
static inline void KwsSmallLoadQuantization(int32_t input_offset, int32_t output_offset,
                                            int32_t activation_min, int32_t activation_max,
                                            const int32_t* bias_data,
                                            const int32_t* output_multiplier,
                                            const int32_t* output_shift, int32_t channels) {
  kws_small_op(KWS_S_SET_OFFSETS, input_offset, output_offset);
  kws_small_op(KWS_S_SET_CLAMP, activation_min, activation_max);
  for (int32_t c = 0; c < channels; ++c) {
    kws_small_op(KWS_S_WRITE_BIAS, c, bias_data ? bias_data[c] : 0);
    kws_small_op(KWS_S_WRITE_MULTIPLIER, c, output_multiplier[c]);
    kws_small_op(KWS_S_WRITE_SHIFT, c, -output_shift[c]);
  }
}

/* `count` words into the filter memory from word 0 on. */
static inline void KwsSmallWriteFilter(const uint32_t* words, int32_t count) {
  kws_small_op(KWS_S_SET_POINTERS, 0, 0);
  for (int32_t i = 0; i < count; ++i) kws_small_op(KWS_S_STREAM_FILTER, words[i], 0);
}

/* Four int8 values as the engine's little-endian word. */
static inline uint32_t KwsSmallPack(int8_t b0, int8_t b1, int8_t b2, int8_t b3) {
  return (uint32_t)(uint8_t)b0 | (uint32_t)(uint8_t)b1 << 8 |
         (uint32_t)(uint8_t)b2 << 16 | (uint32_t)(uint8_t)b3 << 24;
}

#endif /* KERNELS_KWS_SMALL_ENGINE_H */
