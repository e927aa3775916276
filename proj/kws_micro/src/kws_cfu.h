// kws_micro's convolution engine seen from C: its sub-operations (funct7),
// memory sizes and operand packing. The engine itself, its operand table and
// its reference model are in ../cfu.py (ConvEngine); keep both in step.
#ifndef KWS_CFU_H_
#define KWS_CFU_H_

#include <stdint.h>

#include "include/cfu.h"

#define KWS_FUNCT3 0

#define KWS_SET_OFFSETS 0
#define KWS_SET_CLAMP 1
#define KWS_SET_STRIDES 2
#define KWS_WRITE_INPUT 3
#define KWS_WRITE_FILTER 4
#define KWS_WRITE_BIAS 5
#define KWS_WRITE_MULTIPLIER 6
#define KWS_WRITE_SHIFT 7
#define KWS_DOT 8
#define KWS_DEPTHWISE 9

#define KWS_INPUT_WORDS 2048
#define KWS_FILTER_WORDS 256
#define KWS_CHANNELS 128
#define KWS_LANES 4
#define KWS_MAX_DOT_WORDS 127

#define kws_op(funct7, a, b) cfu_op(KWS_FUNCT3, funct7, a, b)

// Operands of KWS_DOT / KWS_DEPTHWISE: input word (or centre) and word count
// (or tap mask); filter word and first output channel.
static inline uint32_t KwsInputOperand(uint32_t address, uint32_t count) {
  return address | (count << 16);
}
static inline uint32_t KwsFilterOperand(uint32_t address, uint32_t channel) {
  return address | (channel << 16);
}

#endif  // KWS_CFU_H_
