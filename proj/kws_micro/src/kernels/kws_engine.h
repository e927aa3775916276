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

/* `count` words into the input memory from `address` on: two per streamed
 * instruction, an odd last one alone. */
static inline void KwsWriteInputWords(uint32_t address, const uint32_t* words, int32_t count) {
  kws_op(KWS_SET_POINTERS, address, 0);
  for (int32_t i = 0; i + 1 < count; i += 2) kws_op(KWS_STREAM_INPUT, words[i], words[i + 1]);
  if (count % 2) kws_op(KWS_WRITE_INPUT, address + (uint32_t)count - 1u, words[count - 1]);
}

/* `count` copies of `word` into the input memory from `address` on. */
static inline void KwsFillInputWords(uint32_t address, uint32_t word, int32_t count) {
  kws_op(KWS_SET_POINTERS, address, 0);
  for (int32_t i = 0; i + 1 < count; i += 2) kws_op(KWS_STREAM_INPUT, word, word);
  if (count % 2) kws_op(KWS_WRITE_INPUT, address + (uint32_t)count - 1u, word);
}

/* `count` words into filter lane `lane` from `address` on. */
static inline void KwsWriteFilterWords(uint32_t lane, uint32_t address, const uint32_t* words,
                                       int32_t count) {
  kws_op(KWS_SET_POINTERS, 0, KwsFilterAddress(address, lane));
  for (int32_t i = 0; i + 1 < count; i += 2) kws_op(KWS_STREAM_FILTER, words[i], words[i + 1]);
  if (count % 2) {
    kws_op(KWS_WRITE_FILTER, KwsFilterAddress(address + (uint32_t)count - 1u, lane), words[count - 1]);
  }
}

#endif /* KERNELS_KWS_ENGINE_H */
