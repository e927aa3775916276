// Software emulation of kws_micro's convolution engines, used by SW_ONLY
// builds and by the on-target CFU test: the big one (funct3 0) and the Fomu's
// small one (funct3 1; each SoC has one of them). They must match the
// reference models in ../cfu.py (_ConvEngineModel, _SmallConvEngineModel);
// `make PROJ=kws_micro test` checks both.
//
// The engine's memories and registers live in one file-static struct: the
// CFU's state, seen from software.

#include <stdint.h>

#include "include/cfu.h"
#include "kernels/kernel_util.h"
#include "kws_cfu.h"
#include "kws_small_cfu.h"

// A device build emulates its own CPU's engine only (the Fomu's memory is
// small); the host build, which the toolkit checks, both.
#if !defined(__riscv)
#define KWS_EMULATE_BIG 1
#define KWS_EMULATE_SMALL 1
#elif defined(KWS_SMALL_ENGINE)
#define KWS_EMULATE_BIG 0
#define KWS_EMULATE_SMALL 1
#else
#define KWS_EMULATE_BIG 1
#define KWS_EMULATE_SMALL 0
#endif

#if KWS_EMULATE_BIG
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

#endif

static int32_t sign_extend(uint32_t value, int bits) {
  uint32_t sign = 1u << (bits - 1);
  value &= (sign << 1) - 1u;
  return (int32_t)(value ^ sign) - (int32_t)sign;
}

static int32_t byte_lane(uint32_t word, int lane) {
  return sign_extend(word >> (8 * lane), 8);
}

#if KWS_EMULATE_BIG
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

#endif

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

#if KWS_EMULATE_BIG
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
#endif

#if KWS_EMULATE_SMALL
struct SmallEngineState {
  int32_t output_offset, act_min, act_max;
  uint32_t row_step, input_pointer, filter_pointer;
  uint32_t inputs[KWS_S_INPUT_WORDS];
  uint32_t filters[KWS_S_FILTER_WORDS];
  int32_t bias[KWS_S_CHANNELS];
  int32_t multiplier[KWS_S_CHANNELS];
  int32_t shift[KWS_S_CHANNELS];  // right shifts, 0..31
};

static struct SmallEngineState small_engine;

static int32_t dot4(uint32_t inputs, uint32_t weights) {
  int32_t sum = 0;
  for (int i = 0; i < 4; ++i) sum += byte_lane(inputs, i) * byte_lane(weights, i);
  return sum;
}

// DOT (taps 0) or DEPTHWISE (taps 9): four channels, each requantized into
// its byte of the answer. The input pointer ends one step past the last
// word read plus one, the filter pointer after the four channels' words.
static uint32_t small_convolve(struct SmallEngineState* s, uint32_t in0, uint32_t in1,
                               uint32_t taps) {
  const uint32_t mask = KWS_S_INPUT_WORDS - 1;
  const uint32_t count = (in0 >> 16) & 0x7F;
  const uint32_t steps = taps ? taps : (count ? count : 1u);
  const uint32_t quad = (in1 >> 16) & (KWS_S_QUADS - 1);
  uint32_t packed = 0;
  uint32_t address = in0 & mask;
  for (uint32_t lane = 0; lane < KWS_S_LANES; ++lane) {
    const uint32_t c = KWS_S_LANES * quad + lane;
    uint32_t acc = (uint32_t)s->bias[c];
    address = in0 & mask;
    for (uint32_t k = 0; k < steps; ++k) {
      acc += (uint32_t)dot4(s->inputs[address], s->filters[(in1 + lane * steps + k) & mask]);
      address = (address + (taps && k % 3 == 2 ? s->row_step : 1u)) & mask;
    }
    int32_t value = multiply_by_multiplier((int32_t)acc, s->multiplier[c], -s->shift[c]);
    value = (int32_t)((uint32_t)value + (uint32_t)s->output_offset);
    value = s->act_min > value ? s->act_min : value;
    value = value > s->act_max ? s->act_max : value;
    packed |= ((uint32_t)value & 0xFFu) << (8 * lane);
  }
  s->input_pointer = (address + (taps && steps % 3 == 2 ? s->row_step : 1u)) & mask;
  s->filter_pointer = (in1 + KWS_S_LANES * steps) & mask;
  return packed;
}

static uint32_t small_conv_engine(struct SmallEngineState* s, int funct7, uint32_t a,
                                  uint32_t b) {
  const uint32_t mask = KWS_S_INPUT_WORDS - 1;
  const uint32_t channel = a & (KWS_S_CHANNELS - 1);
  switch (funct7) {
    case KWS_S_SET_OUTPUT:
      s->output_offset = sign_extend(a, 9);
      s->act_min = sign_extend(b, 8);
      s->act_max = sign_extend(b >> 8, 8);
      return 0;
    case KWS_S_SET_ROW_STEP:
      s->row_step = a & mask;
      return 0;
    case KWS_S_SET_POINTERS:
      s->input_pointer = a & mask;
      s->filter_pointer = b & mask;
      return 0;
    case KWS_S_STREAM_INPUT:
      s->inputs[s->input_pointer] = a;
      s->input_pointer = (s->input_pointer + 1) & mask;
      return 0;
    case KWS_S_STREAM_FILTER:
      s->filters[s->filter_pointer] = a;
      s->filter_pointer = (s->filter_pointer + 1) & mask;
      return 0;
    case KWS_S_WRITE_BIAS:
      s->bias[channel] = (int32_t)b;
      return 0;
    case KWS_S_WRITE_MULTIPLIER:
      s->multiplier[channel] = (int32_t)(b & 0x7FFFFFFFu);
      return 0;
    case KWS_S_WRITE_SHIFT:
      s->shift[channel] = (int32_t)(b & 31u);
      return 0;
    case KWS_S_DOT:
      return small_convolve(s, a, b, 0);
    case KWS_S_DEPTHWISE:
      return small_convolve(s, a, b, KWS_S_TAPS);
    default:
      return 0;
  }
}

#endif

uint32_t software_cfu(int funct3, int funct7, uint32_t a, uint32_t b) {
#if KWS_EMULATE_BIG
  if (funct3 == KWS_FUNCT3) return conv_engine(&engine, funct7, a, b);
#endif
#if KWS_EMULATE_SMALL
  if (funct3 == KWS_SMALL_FUNCT3) return small_conv_engine(&small_engine, funct7, a, b);
#endif
  return 0;  // Unused slots answer 0.
}
