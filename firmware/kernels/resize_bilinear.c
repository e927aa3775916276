/* Reference int8 RESIZE_BILINEAR. Each term is at most 128 * 2^20 in
 * magnitude and the weights' products sum to 2^20: int32 holds the sum. */
#include "kernels/resize_bilinear.h"

enum { kOne = 1 << 10 };

void ResizeBilinear(const struct ResizeBilinearParams* params, const int32_t* y0, const int32_t* y1,
                    const int32_t* scaled_y, const int32_t* x0, const int32_t* x1,
                    const int32_t* scaled_x, const int8_t* input_data, int8_t* output_data) {
  const int32_t depth = params->depth;
  const int32_t row_size = params->input_width * depth;
  int8_t* out = output_data;
  for (int32_t b = 0; b < params->batches; ++b) {
    const int8_t* image = input_data + b * params->input_height * row_size;
    for (int32_t y = 0; y < params->output_height; ++y) {
      const int32_t dy = scaled_y[y] - kOne * y0[y];
      const int8_t* top = image + y0[y] * row_size;
      const int8_t* bottom = image + y1[y] * row_size;
      for (int32_t x = 0; x < params->output_width; ++x) {
        const int32_t dx = scaled_x[x] - kOne * x0[x];
        const int32_t left = x0[x] * depth, right = x1[x] * depth;
        for (int32_t c = 0; c < depth; ++c) {
          const int32_t sum = top[left + c] * (kOne - dy) * (kOne - dx) +
                              bottom[left + c] * dy * (kOne - dx) +
                              top[right + c] * (kOne - dy) * dx + bottom[right + c] * dy * dx;
          const int32_t round = sum > 0 ? (1 << 19) : -(1 << 19);
          *out++ = (int8_t)((sum + round) / (1 << 20));
        }
      }
    }
  }
}
