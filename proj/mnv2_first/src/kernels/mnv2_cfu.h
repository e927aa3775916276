/* The mnv2_first accelerator's operations (funct3 0, funct7 below), as named
 * in ../../cfu.py, whose reference model is the definition of each one. */
#ifndef MNV2_FIRST_KERNELS_MNV2_CFU_H
#define MNV2_FIRST_KERNELS_MNV2_CFU_H

#include <stdint.h>

#include "cfu.h"

#define MNV2_SET_OFFSETS 0      /* input_offset, output_offset (9-bit signed) */
#define MNV2_SET_ACTIVATION 1   /* act_min, act_max (8-bit signed) */
#define MNV2_SET_SHAPE 2        /* depth words - 1, channels - 1; empties the input banks */
#define MNV2_WRITE_BIAS 3       /* channel, bias */
#define MNV2_WRITE_MULTIPLIER 4 /* channel, multiplier */
#define MNV2_WRITE_SHIFT 5      /* channel, shift */
#define MNV2_WRITE_FILTER 6     /* word index, four int8 weights */
#define MNV2_PUSH_INPUT 7       /* two input words; answers 1 if rejected */
#define MNV2_READ_OUTPUT 8      /* next output word (four int8), 0 if none will come */
#define MNV2_DW_STAGE 9         /* top, middle words of the next window column */
#define MNV2_DW_COLUMN 10       /* bottom word: shifts the column into the window */
#define MNV2_DW_COMPUTE 11      /* bottom word, channel group: shift, then compute */
#define MNV2_ADD_SET_INPUT1 12  /* multiplier, shift | offset << 8 | left_shift << 20 */
#define MNV2_ADD_SET_INPUT2 13  /* the same for the second input */
#define MNV2_ADD_PUSH 14        /* four int8 of each input: one output word */
#define MNV2_RESET 15           /* empties the input banks and the output queue */

#define MNV2_MAX_DEPTH_WORDS 128
#define MNV2_MAX_CHANNELS 512
#define MNV2_FILTER_WORDS 2048
#define MNV2_QUEUE_WORDS 256
#define MNV2_MAC_WORDS 4
#define MNV2_DW_GROUPS 128

#define mnv2_op(funct7, a, b) cfu_op(0, funct7, a, b)

/* Four int8 values from any address, packed as the accelerator reads them. */
static inline uint32_t Mnv2PackBytes(const int8_t* bytes) {
  return (uint32_t)(uint8_t)bytes[0] | (uint32_t)(uint8_t)bytes[1] << 8 |
         (uint32_t)(uint8_t)bytes[2] << 16 | (uint32_t)(uint8_t)bytes[3] << 24;
}

/* A layer's start: whatever ran before (the CFU self-test, a kernel that
 * stopped early) may have left inputs or outputs queued; then the layer's
 * offsets and activation bounds. */
static inline void Mnv2BeginLayer(int32_t input_offset, int32_t output_offset,
                                  int32_t activation_min, int32_t activation_max) {
  mnv2_op(MNV2_RESET, 0, 0);
  mnv2_op(MNV2_SET_OFFSETS, input_offset, output_offset);
  mnv2_op(MNV2_SET_ACTIVATION, activation_min, activation_max);
}

/* Bias, multiplier and shift of `count` output channels from `first` on,
 * stored at the accelerator's channels 0 to count - 1. */
static inline void Mnv2LoadChannels(int32_t first, int32_t count, const int32_t* bias,
                                    const int32_t* multiplier, const int32_t* shift) {
  for (int32_t c = 0; c < count; ++c) {
    mnv2_op(MNV2_WRITE_BIAS, c, bias ? bias[first + c] : 0);
    mnv2_op(MNV2_WRITE_MULTIPLIER, c, multiplier[first + c]);
    mnv2_op(MNV2_WRITE_SHIFT, c, shift[first + c]);
  }
}

#endif /* MNV2_FIRST_KERNELS_MNV2_CFU_H */
