/* Reference GATHER (see gather.h). */
#include "kernels/gather.h"

void Gather(const struct GatherParams* params, const void* input_data, const int32_t* coords_data,
            void* output_data) {
  const uint8_t* input = input_data;
  uint8_t* output = output_data;
  const int32_t inner = params->inner_bytes;
  for (int32_t o = 0; o < params->outer_size; ++o) {
    for (int32_t i = 0; i < params->coord_count; ++i) {
      const int32_t coord = coords_data[i];
      uint8_t* out = output + (o * params->coord_count + i) * inner;
      if (coord < 0 || coord >= params->axis_size) continue;
      const uint8_t* in = input + (o * params->axis_size + coord) * inner;
      for (int32_t b = 0; b < inner; ++b) out[b] = in[b];
    }
  }
}
