/* ADD on the mnv2_first accelerator: four elements per instruction.
 *
 * The accelerator rescales both inputs (offset, left shift, per-input
 * multiplier and shift), sums them and requantizes the sum with the output
 * parameters stored as its channel 0. Same-shape operands whose size is a
 * multiple of four and word-aligned buffers take this path; broadcasting and
 * anything else runs the reference loops.
 */
#include "kernels/add.h"

#include <stdint.h>

#include "kernels/add_reference.h"
#include "kernels/mnv2_cfu.h"

static uint32_t Mnv2AddInputField(int32_t shift, int32_t offset, int32_t left_shift) {
  return ((uint32_t)shift & 0x3Fu) | ((uint32_t)offset & 0x1FFu) << 8 |
         ((uint32_t)left_shift & 0x1Fu) << 20;
}

void Add(const struct AddParams* params, const struct Dims4* input1_shape,
         const int8_t* input1_data, const struct Dims4* input2_shape,
         const int8_t* input2_data, const struct Dims4* output_shape, int8_t* output_data) {
  const int32_t size = Dims4FlatSize(output_shape);
  const int aligned =
      ((uintptr_t)input1_data | (uintptr_t)input2_data | (uintptr_t)output_data) % 4 == 0;
  if (size % 4 != 0 || !aligned) {
    AddReference(params, input1_shape, input1_data, input2_shape, input2_data, output_shape,
                 output_data);
    return;
  }
  Mnv2BeginLayer(0, params->output_offset, params->activation_min, params->activation_max);
  const int32_t zero = 0;
  Mnv2LoadChannels(0, 1, &zero, &params->output_multiplier, &params->output_shift);
  mnv2_op(MNV2_ADD_SET_INPUT1, params->input1_multiplier,
          Mnv2AddInputField(params->input1_shift, params->input1_offset, params->left_shift));
  mnv2_op(MNV2_ADD_SET_INPUT2, params->input2_multiplier,
          Mnv2AddInputField(params->input2_shift, params->input2_offset, params->left_shift));
  const uint32_t* a = (const uint32_t*)input1_data;
  const uint32_t* b = (const uint32_t*)input2_data;
  uint32_t* out = (uint32_t*)output_data;
  const int32_t words = size / 4;
  mnv2_op(MNV2_ADD_PUSH, a[0], b[0]);
  for (int32_t i = 1; i < words; ++i) {
    mnv2_op(MNV2_ADD_PUSH, a[i], b[i]);
    /* The previous word was computed while this one was pushed. */
    out[i - 1] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
  }
  out[words - 1] = mnv2_op(MNV2_READ_OUTPUT, 0, 0);
}

void BroadcastAdd4DSlow(const struct AddParams* params, const struct Dims4* input1_shape,
                        const int8_t* input1_data, const struct Dims4* input2_shape,
                        const int8_t* input2_data, const struct Dims4* output_shape,
                        int8_t* output_data) {
  BroadcastAdd4DSlowReference(params, input1_shape, input1_data, input2_shape, input2_data,
                              output_shape, output_data);
}
