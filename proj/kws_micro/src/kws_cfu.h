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
#define KWS_SET_POINTERS 10
#define KWS_STREAM_INPUT 11
#define KWS_STREAM_FILTER 12

#define KWS_INPUT_WORDS 2048
#define KWS_FILTER_WORDS 256
#define KWS_CHANNELS 128
#define KWS_LANES 4
#define KWS_QUADS (KWS_CHANNELS / KWS_LANES)
#define KWS_MAX_DOT_WORDS 127

#define kws_op(funct7, a, b) cfu_op(KWS_FUNCT3, funct7, a, b)

// Operands of KWS_DOT / KWS_DEPTHWISE: input word (or centre) and word count
// (or tap mask); filter word and output channel quad (channels 4q .. 4q+3).
static inline uint32_t KwsInputOperand(uint32_t address, uint32_t count) {
  return address | (count << 16);
}
static inline uint32_t KwsFilterOperand(uint32_t address, uint32_t quad) {
  return address | (quad << 16);
}

// The filter pointer of KWS_SET_POINTERS (and the address of KWS_WRITE_FILTER).
static inline uint32_t KwsFilterAddress(uint32_t word, uint32_t lane) {
  return (word << 2) | lane;
}

#endif  // KWS_CFU_H_
