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

/* The output's zero point and activation clamp. */
static inline void KwsSmallSetOutput(int32_t output_offset, int32_t activation_min,
                                     int32_t activation_max) {
  kws_small_op(KWS_S_SET_OUTPUT, output_offset, KwsSmallClampOperand(activation_min, activation_max));
}

/* Channel c's requantization: its bias (`bias_data` may be NULL) with the
 * input offset folded in (the engine has none: sum((x + offset) * w) is
 * sum(x * w) + offset * sum(w)), the sum over its `count` weights `stride`
 * bytes apart; its multiplier and right shift. */
static inline void KwsSmallLoadChannel(int32_t c, const int32_t* bias_data, int32_t input_offset,
                                       const int8_t* weights, int32_t count, int32_t stride,
                                       const int32_t* output_multiplier,
                                       const int32_t* output_shift) {
  int32_t weight_sum = 0;
  for (int32_t i = 0; i < count; ++i) weight_sum += weights[i * stride];
  const uint32_t bias = bias_data ? (uint32_t)bias_data[c] : 0u;
  kws_small_op(KWS_S_WRITE_BIAS, c, bias + (uint32_t)input_offset * (uint32_t)weight_sum);
  kws_small_op(KWS_S_WRITE_MULTIPLIER, c, output_multiplier[c]);
  kws_small_op(KWS_S_WRITE_SHIFT, c, -output_shift[c]);
}

/* `count` words into the filter memory from word 0 on. */
static inline void KwsSmallWriteFilter(const uint32_t* words, int32_t count) {
  kws_small_op(KWS_S_SET_POINTERS, 0, 0);
  for (int32_t i = 0; i < count; ++i) kws_small_op(KWS_S_STREAM_FILTER, words[i], 0);
}

#endif /* KERNELS_KWS_SMALL_ENGINE_H */
