// kws_micro's small convolution engine (the Fomu's PicoRV32) seen from C: its
// sub-operations (funct7), memory sizes and operand packing. The engine, its
// operand table and its reference model are in ../cfu.py (SmallConvEngine);
// keep both in step.
#ifndef KWS_SMALL_CFU_H_
#define KWS_SMALL_CFU_H_

#include <stdint.h>

#include "include/cfu.h"

// PicoRV32 builds (the Fomu) get the small engine (cfu.py: make_cfu("picorv32")).
#if defined(__picorv32__) && !defined(KWS_SMALL_ENGINE)
#define KWS_SMALL_ENGINE 1
#endif

#define KWS_SMALL_FUNCT3 1

#define KWS_S_SET_OUTPUT 0
#define KWS_S_SET_ROW_STEP 1
#define KWS_S_SET_POINTERS 2
#define KWS_S_STREAM_INPUT 3
#define KWS_S_STREAM_FILTER 4
#define KWS_S_WRITE_BIAS 5
#define KWS_S_WRITE_MULTIPLIER 6
#define KWS_S_WRITE_SHIFT 7
#define KWS_S_DOT 8
#define KWS_S_DEPTHWISE 9

#define KWS_S_INPUT_WORDS 1024
#define KWS_S_FILTER_WORDS 1024
#define KWS_S_CHANNELS 64
#define KWS_S_LANES 4
#define KWS_S_QUADS (KWS_S_CHANNELS / KWS_S_LANES)
#define KWS_S_MAX_DOT_WORDS 127
#define KWS_S_MAX_RIGHT_SHIFT 31
#define KWS_S_TAPS 9

#define kws_small_op(funct7, a, b) cfu_op(KWS_SMALL_FUNCT3, funct7, a, b)

// Operands of KWS_S_DOT / KWS_S_DEPTHWISE: first input word and word count;
// filter word and output channel quad (channels 4q .. 4q+3). Of
// KWS_S_SET_OUTPUT: the activation clamp.
static inline uint32_t KwsSmallInputOperand(uint32_t address, uint32_t count) {
  return address | (count << 16);
}
static inline uint32_t KwsSmallFilterOperand(uint32_t address, uint32_t quad) {
  return address | (quad << 16);
}
static inline uint32_t KwsSmallClampOperand(int32_t activation_min, int32_t activation_max) {
  return (uint32_t)(uint8_t)activation_min | (uint32_t)(uint8_t)activation_max << 8;
}

#endif  // KWS_SMALL_CFU_H_
