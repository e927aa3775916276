/* Reference RESIZE_NEAREST_NEIGHBOR. */
#include "kernels/resize_nearest_neighbor.h"

void ResizeNearestNeighbor(const struct ResizeNearestNeighborParams* params, const int32_t* input_y,
                           const int32_t* input_x, const void* input_data, void* output_data) {
  const int32_t depth = params->depth_bytes;
  const uint8_t* input = input_data;
  uint8_t* out = output_data;
  for (int32_t b = 0; b < params->batches; ++b) {
    for (int32_t y = 0; y < params->output_height; ++y) {
      const uint8_t* row = input + (b * params->input_height + input_y[y]) * params->input_width * depth;
      for (int32_t x = 0; x < params->output_width; ++x) {
        const uint8_t* in = row + input_x[x] * depth;
        for (int32_t c = 0; c < depth; ++c) *out++ = in[c];
      }
    }
  }
}
