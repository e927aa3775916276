// Software emulation of kws_micro's convolution engine (funct3 0), used by
// SW_ONLY builds and by the on-target CFU test. It must match the reference
// model in ../cfu.py (_ConvEngineModel); `make PROJ=kws_micro test` checks it.
//
// The engine's memories and registers live in one file-static struct: the
// CFU's state, seen from software.

#include <stdint.h>

#include "include/cfu.h"
#include "kernels/kernel_util.h"
#include "kws_cfu.h"

struct ConvEngineState {
  int32_t input_offset, output_offset, act_min, act_max;
  uint32_t row_stride, pixel_stride;
  uint32_t input_pointer, filter_lane, filter_pointer;
  uint32_t inputs[KWS_INPUT_WORDS];
  uint32_t filters[KWS_LANES][KWS_FILTER_WORDS];
  int32_t bias[KWS_CHANNELS];
  int32_t multiplier[KWS_CHANNELS];
  int32_t shift[KWS_CHANNELS];
};

static struct ConvEngineState engine;

static int32_t sign_extend(uint32_t value, int bits) {
  uint32_t sign = 1u << (bits - 1);
  value &= (sign << 1) - 1u;
  return (int32_t)(value ^ sign) - (int32_t)sign;
}

static int32_t byte_lane(uint32_t word, int lane) {
  return sign_extend(word >> (8 * lane), 8);
}

static void dot(const struct ConvEngineState* s, uint32_t in0, uint32_t in1,
                int32_t accs[KWS_LANES]) {
  const uint32_t start = in0 & (KWS_INPUT_WORDS - 1);
  const uint32_t count = (in0 >> 16) & 0x7F;
  const uint32_t filter_base = in1 & (KWS_FILTER_WORDS - 1);
  for (uint32_t k = 0; k < count; ++k) {
    const uint32_t word = s->inputs[(start + k) & (KWS_INPUT_WORDS - 1)];
    for (int lane = 0; lane < KWS_LANES; ++lane) {
      const uint32_t weights =
          s->filters[lane][(filter_base + k) & (KWS_FILTER_WORDS - 1)];
      for (int i = 0; i < 4; ++i) {
        accs[lane] += (byte_lane(word, i) + s->input_offset) * byte_lane(weights, i);
      }
    }
  }
}

static void depthwise(const struct ConvEngineState* s, uint32_t in0,
                      uint32_t in1, int32_t accs[KWS_LANES]) {
  const uint32_t centre = in0 & (KWS_INPUT_WORDS - 1);
  const uint32_t mask = (in0 >> 16) & 0x1FF;
  const uint32_t filter_base = in1 & (KWS_FILTER_WORDS - 1);
  for (int tap = 0; tap < 9; ++tap) {
    if (!((mask >> tap) & 1u)) continue;
    const uint32_t dy = (uint32_t)(tap / 3), dx = (uint32_t)(tap % 3);
    // Unsigned wrap-around, then the mask: addresses are modulo the depth.
    const uint32_t address = centre + (dy - 1u) * s->row_stride +
                             (dx - 1u) * s->pixel_stride;
    const uint32_t word = s->inputs[address & (KWS_INPUT_WORDS - 1)];
    const uint32_t weights = s->filters[0][(filter_base + (uint32_t)tap) &
                                           (KWS_FILTER_WORDS - 1)];
    for (int lane = 0; lane < KWS_LANES; ++lane) {
      accs[lane] += (byte_lane(word, lane) + s->input_offset) * byte_lane(weights, lane);
    }
  }
}

// The engine's 6-bit shift reaches a right shift of 32, beyond the 0..31 of
// the kernels' RoundingDivideByPOT: the rounding divide here is 64 bits wide.
static int32_t multiply_by_multiplier(int32_t x, int32_t multiplier, int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  const int64_t high = SaturatingRoundingDoublingHighMul(
      (int32_t)((uint32_t)x << left_shift), multiplier);
  const int64_t mask = ((int64_t)1 << right_shift) - 1;
  const int64_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (int32_t)((high >> right_shift) + ((high & mask) > threshold ? 1 : 0));
}

static uint32_t requantize_lanes(const struct ConvEngineState* s,
                                 const int32_t accs[KWS_LANES], uint32_t in1) {
  const uint32_t channel = KWS_LANES * ((in1 >> 16) & (KWS_QUADS - 1));
  uint32_t packed = 0;
  for (int lane = 0; lane < KWS_LANES; ++lane) {
    const uint32_t c = channel + (uint32_t)lane;
    const int32_t total = (int32_t)((uint32_t)accs[lane] + (uint32_t)s->bias[c]);
    int32_t value = multiply_by_multiplier(total, s->multiplier[c], s->shift[c]);
    value = (int32_t)((uint32_t)value + (uint32_t)s->output_offset);
    value = s->act_min > value ? s->act_min : value;
    value = value > s->act_max ? s->act_max : value;
    packed |= ((uint32_t)value & 0xFFu) << (8 * lane);
  }
  return packed;
}

static uint32_t conv_engine(struct ConvEngineState* s, int funct7, uint32_t a,
                            uint32_t b) {
  int32_t accs[KWS_LANES] = {0, 0, 0, 0};
  switch (funct7) {
    case KWS_SET_OFFSETS:
      s->input_offset = sign_extend(a, 9);
      s->output_offset = sign_extend(b, 9);
      return 0;
    case KWS_SET_CLAMP:
      s->act_min = sign_extend(a, 8);
      s->act_max = sign_extend(b, 8);
      return 0;
    case KWS_SET_STRIDES:
      s->row_stride = a & (KWS_INPUT_WORDS - 1);
      s->pixel_stride = b & (KWS_INPUT_WORDS - 1);
      return 0;
    case KWS_WRITE_INPUT:
      s->inputs[a & (KWS_INPUT_WORDS - 1)] = b;
      return 0;
    case KWS_WRITE_FILTER:
      s->filters[a & 3][(a >> 2) & (KWS_FILTER_WORDS - 1)] = b;
      return 0;
    case KWS_WRITE_BIAS:
      s->bias[a & (KWS_CHANNELS - 1)] = (int32_t)b;
      return 0;
    case KWS_WRITE_MULTIPLIER:
      s->multiplier[a & (KWS_CHANNELS - 1)] = (int32_t)b;
      return 0;
    case KWS_WRITE_SHIFT:
      s->shift[a & (KWS_CHANNELS - 1)] = sign_extend(b, 6);
      return 0;
    case KWS_SET_POINTERS:
      s->input_pointer = a & (KWS_INPUT_WORDS - 1);
      s->filter_lane = b & 3;
      s->filter_pointer = (b >> 2) & (KWS_FILTER_WORDS - 1);
      return 0;
    case KWS_STREAM_INPUT:
      s->inputs[s->input_pointer] = a;
      s->inputs[(s->input_pointer + 1) & (KWS_INPUT_WORDS - 1)] = b;
      s->input_pointer = (s->input_pointer + 2) & (KWS_INPUT_WORDS - 1);
      return 0;
    case KWS_STREAM_FILTER:
      s->filters[s->filter_lane][s->filter_pointer] = a;
      s->filters[s->filter_lane][(s->filter_pointer + 1) & (KWS_FILTER_WORDS - 1)] = b;
      s->filter_pointer = (s->filter_pointer + 2) & (KWS_FILTER_WORDS - 1);
      return 0;
    case KWS_DOT:
      dot(s, a, b, accs);
      return requantize_lanes(s, accs, b);
    case KWS_DEPTHWISE:
      depthwise(s, a, b, accs);
      return requantize_lanes(s, accs, b);
    default:
      return 0;
  }
}

uint32_t software_cfu(int funct3, int funct7, uint32_t a, uint32_t b) {
  if (funct3 == KWS_FUNCT3) return conv_engine(&engine, funct7, a, b);
  return 0;  // Unused slots answer 0.
}
