/* RESIZE_BILINEAR, int8 (TFLite's ResizeBilinearInteger): each output value
 * interpolates four input values with 10-bit fractional weights; the 20-bit
 * sum is rounded half away from zero. The importer computes, per output row
 * and column, the two input rows/columns and the scaled position. */
#ifndef KERNELS_RESIZE_BILINEAR_H
#define KERNELS_RESIZE_BILINEAR_H

#include <stdint.h>

struct ResizeBilinearParams {
  int32_t batches, input_height, input_width, output_height, output_width, depth;
};

/* For output row y: rows y0[y], y1[y] and the position scaled_y[y] in 1/1024 of a row
 * (the weight of y1 is scaled_y[y] - 1024 * y0[y]); the same for columns. */
void ResizeBilinear(const struct ResizeBilinearParams* params, const int32_t* y0, const int32_t* y1,
                    const int32_t* scaled_y, const int32_t* x0, const int32_t* x1,
                    const int32_t* scaled_x, const int8_t* input_data, int8_t* output_data);

#endif /* KERNELS_RESIZE_BILINEAR_H */
