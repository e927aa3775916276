/* Reference strided copy (see strided_copy.h). */
#include "kernels/strided_copy.h"

void StridedCopy(const struct StridedCopyParams* params, const void* input_data,
                 void* output_data) {
  const int32_t* n = params->count;
  const int32_t* is = params->input_stride;
  const int32_t* os = params->output_stride;
  const uint8_t* input = input_data;
  uint8_t* output = output_data;
  for (int32_t a = 0; a < n[0]; ++a) {
    for (int32_t b = 0; b < n[1]; ++b) {
      for (int32_t c = 0; c < n[2]; ++c) {
        for (int32_t d = 0; d < n[3]; ++d) {
          for (int32_t e = 0; e < n[4]; ++e) {
            /* Offsets summed first: with negative strides a partial sum may point outside. */
            const uint8_t* in = input + (a * is[0] + b * is[1] + c * is[2] + d * is[3] + e * is[4]);
            uint8_t* out = output + (a * os[0] + b * os[1] + c * os[2] + d * os[3] + e * os[4]);
            for (int32_t f = 0; f < n[5]; ++f) out[f * os[5]] = in[f * is[5]];
          }
        }
      }
    }
  }
}
