// Software emulation of the mnv2_first accelerator (funct3 0), for SW_ONLY
// builds and host tests of the kernels. It follows the reference model in
// ../cfu.py (AcceleratorModel) step by step: a complete pixel is computed as
// soon as the output queue has room for all its words, so no answer depends
// on timing. `make PROJ=mnv2_first test` checks it against that model.

#include <stdint.h>

#include "cfu.h"
#include "kernels/kernel_util.h"
#include "kernels/mnv2_cfu.h"

struct Mnv2State {
  int32_t input_offset, output_offset, act_min, act_max;
  int32_t depth, channels;
  int32_t bias[MNV2_MAX_CHANNELS];
  int32_t multiplier[MNV2_MAX_CHANNELS];
  int32_t shift[MNV2_MAX_CHANNELS];
  uint32_t filter[MNV2_FILTER_WORDS];
  uint32_t fill[MNV2_MAX_DEPTH_WORDS + 1];
  int32_t filled;
  uint32_t complete[2][MNV2_MAX_DEPTH_WORDS];
  int32_t complete_count, complete_head;
  uint32_t queue[MNV2_QUEUE_WORDS];
  int32_t queue_count, queue_head;
  uint32_t staged_top, staged_middle;
  uint32_t window[MNV2_DW_GROUPS][3][3];  // [group][column][row], column 2 the newest
  struct Mnv2AddInput {
    int32_t multiplier, shift, offset, left_shift;
  } add_input[2];
};

static struct Mnv2State state = {.depth = 1, .channels = 1};

static int32_t sign_extend(uint32_t value, int bits) {
  uint32_t sign = 1u << (bits - 1);
  value &= (sign << 1) - 1u;
  return (int32_t)(value ^ sign) - (int32_t)sign;
}

static int32_t lane(uint32_t word, int index) {
  return sign_extend(word >> (8 * index), 8);
}

static void queue_push(struct Mnv2State* s, uint32_t word) {
  s->queue[(s->queue_head + s->queue_count) % MNV2_QUEUE_WORDS] = word;
  s->queue_count++;
}

static uint32_t queue_pop(struct Mnv2State* s) {
  if (s->queue_count == 0) return 0;
  uint32_t word = s->queue[s->queue_head];
  s->queue_head = (s->queue_head + 1) % MNV2_QUEUE_WORDS;
  s->queue_count--;
  return word;
}

// MultiplyByQuantizedMultiplier, extended to the right shift of 32 that a
// 6-bit shift field allows (the hardware's divider takes 0 to 32).
static int32_t quantized_multiply(int32_t x, int32_t multiplier, int shift) {
  int left = shift > 0 ? shift : 0;
  int right = shift > 0 ? 0 : -shift;
  int32_t high = SaturatingRoundingDoublingHighMul((int32_t)((uint32_t)x << left), multiplier);
  // x / 2^32 rounded to nearest, ties away from zero: only INT32_MIN gives -1.
  return right == 32 ? (high == INT32_MIN ? -1 : 0) : RoundingDivideByPOT(high, right);
}

static uint32_t requantize(const struct Mnv2State* s, int32_t acc, int channel) {
  int32_t x = (int32_t)((uint32_t)acc + (uint32_t)s->bias[channel]);
  int32_t scaled = quantized_multiply(x, s->multiplier[channel], s->shift[channel]);
  int32_t out = (int32_t)((uint32_t)scaled + (uint32_t)s->output_offset);
  // The minimum first, then the maximum, as the hardware: defined even when min > max.
  out = out < s->act_min ? s->act_min : out;
  out = out > s->act_max ? s->act_max : out;
  return (uint32_t)(uint8_t)(int8_t)out;
}

static void pointwise(struct Mnv2State* s, const uint32_t* pixel) {
  int32_t stride = (s->depth + MNV2_MAC_WORDS - 1) / MNV2_MAC_WORDS * MNV2_MAC_WORDS;
  uint32_t word = 0;
  for (int32_t channel = 0; channel < s->channels; ++channel) {
    int32_t acc = 0;
    for (int32_t w = 0; w < s->depth; ++w) {
      uint32_t weights = s->filter[(channel * stride + w) % MNV2_FILTER_WORDS];
      for (int i = 0; i < 4; ++i) acc += (lane(pixel[w], i) + s->input_offset) * lane(weights, i);
    }
    word |= requantize(s, acc, channel) << (8 * (channel % 4));
    if (channel % 4 == 3 || channel == s->channels - 1) {
      queue_push(s, word);
      word = 0;
    }
  }
}

static void run_engine(struct Mnv2State* s) {
  int32_t need = (s->channels + 3) / 4;
  while (s->complete_count > 0 && s->queue_count + need <= MNV2_QUEUE_WORDS) {
    pointwise(s, s->complete[s->complete_head]);
    s->complete_head ^= 1;
    s->complete_count--;
  }
}

static uint32_t push(struct Mnv2State* s, uint32_t a, uint32_t b) {
  if (s->complete_count == 2) return 1;
  s->fill[s->filled++] = a;
  s->fill[s->filled++] = b;
  if (s->filled >= s->depth) {
    uint32_t* bank = s->complete[(s->complete_head + s->complete_count) % 2];
    for (int32_t w = 0; w < s->depth; ++w) bank[w] = s->fill[w];
    s->complete_count++;
    s->filled = 0;
  }
  return 0;
}

static uint32_t depthwise(const struct Mnv2State* s, int group) {
  uint32_t word = 0;
  for (int i = 0; i < 4; ++i) {
    int32_t acc = 0;
    for (int column = 0; column < 3; ++column) {
      for (int row = 0; row < 3; ++row) {
        uint32_t tap = s->filter[((3 * group + row) * 4 + column) % MNV2_FILTER_WORDS];
        acc += (lane(s->window[group][column][row], i) + s->input_offset) * lane(tap, i);
      }
    }
    word |= requantize(s, acc, 4 * group + i) << (8 * i);
  }
  return word;
}

static uint32_t window_column(struct Mnv2State* s, int compute, uint32_t bottom, uint32_t b) {
  if (compute && s->queue_count >= MNV2_QUEUE_WORDS) return 1;
  const int group = (int)(b % MNV2_DW_GROUPS);
  uint32_t(*window)[3] = s->window[group];
  for (int column = 0; column < 2; ++column) {
    for (int row = 0; row < 3; ++row) window[column][row] = window[column + 1][row];
  }
  window[2][0] = s->staged_top;
  window[2][1] = s->staged_middle;
  window[2][2] = bottom;
  if (compute) queue_push(s, depthwise(s, group));
  return 0;
}

static int32_t add_scale(const struct Mnv2AddInput* input, int32_t x) {
  uint32_t shifted = (uint32_t)(x + input->offset) << input->left_shift;
  return quantized_multiply((int32_t)shifted, input->multiplier, input->shift);
}

// Four lanes of int8 ADD, requantized with channel 0's parameters.
static uint32_t add(struct Mnv2State* s, uint32_t a, uint32_t b) {
  if (s->queue_count >= MNV2_QUEUE_WORDS) return 1;
  uint32_t word = 0;
  for (int i = 0; i < 4; ++i) {
    uint32_t sum = (uint32_t)add_scale(&s->add_input[0], lane(a, i)) +
                   (uint32_t)add_scale(&s->add_input[1], lane(b, i));
    word |= requantize(s, (int32_t)sum, 0) << (8 * i);
  }
  queue_push(s, word);
  return 0;
}

static uint32_t operate(struct Mnv2State* s, int funct7, uint32_t a, uint32_t b) {
  switch (funct7) {
    case MNV2_SET_OFFSETS:
      s->input_offset = sign_extend(a, 9);
      s->output_offset = sign_extend(b, 9);
      return 0;
    case MNV2_SET_ACTIVATION:
      s->act_min = sign_extend(a, 8);
      s->act_max = sign_extend(b, 8);
      return 0;
    case MNV2_SET_SHAPE:
      s->depth = (int32_t)(a % MNV2_MAX_DEPTH_WORDS) + 1;
      s->channels = (int32_t)(b % MNV2_MAX_CHANNELS) + 1;
      s->filled = 0;
      s->complete_count = 0;
      return 0;
    case MNV2_WRITE_BIAS:
      s->bias[a % MNV2_MAX_CHANNELS] = (int32_t)b;
      return 0;
    case MNV2_WRITE_MULTIPLIER:
      s->multiplier[a % MNV2_MAX_CHANNELS] = (int32_t)b;
      return 0;
    case MNV2_WRITE_SHIFT:
      s->shift[a % MNV2_MAX_CHANNELS] = sign_extend(b, 6);
      return 0;
    case MNV2_WRITE_FILTER:
      s->filter[a % MNV2_FILTER_WORDS] = b;
      return 0;
    case MNV2_PUSH_INPUT:
      return push(s, a, b);
    case MNV2_READ_OUTPUT:
      return queue_pop(s);
    case MNV2_DW_STAGE:
      s->staged_top = a;
      s->staged_middle = b;
      return 0;
    case MNV2_DW_COLUMN:
      return window_column(s, 0, a, b);
    case MNV2_DW_COMPUTE:
      return window_column(s, 1, a, b);
    case MNV2_ADD_SET_INPUT1:
    case MNV2_ADD_SET_INPUT2: {
      struct Mnv2AddInput* input = &s->add_input[funct7 - MNV2_ADD_SET_INPUT1];
      input->multiplier = (int32_t)a;
      input->shift = sign_extend(b, 6);
      input->offset = sign_extend(b >> 8, 9);
      input->left_shift = (int32_t)((b >> 20) & 31u);
      return 0;
    }
    case MNV2_ADD_PUSH:
      return add(s, a, b);
    case MNV2_RESET:
      s->filled = 0;
      s->complete_count = 0;
      s->queue_count = 0;
      return 0;
    default:
      return 0;
  }
}

uint32_t software_cfu(int funct3, int funct7, uint32_t a, uint32_t b) {
  if (funct3 != 0) return 0;  // unused slots answer 0
  uint32_t result = operate(&state, funct7, a, b);
  run_engine(&state);
  return result;
}
