/* RESIZE_NEAREST_NEIGHBOR (TFLite's ResizeNearestNeighbor), NHWC, any element
 * type: each output row and column copies the input row and column the
 * importer picked (align_corners, half_pixel_centers resolved there). */
#ifndef KERNELS_RESIZE_NEAREST_NEIGHBOR_H
#define KERNELS_RESIZE_NEAREST_NEIGHBOR_H

#include <stdint.h>

struct ResizeNearestNeighborParams {
  int32_t batches, input_height, input_width, output_height, output_width;
  int32_t depth_bytes; /* channels x element size */
};

/* input_y[y], input_x[x]: the input row of output row y, column of column x. */
void ResizeNearestNeighbor(const struct ResizeNearestNeighborParams* params, const int32_t* input_y,
                           const int32_t* input_x, const void* input_data, void* output_data);

#endif /* KERNELS_RESIZE_NEAREST_NEIGHBOR_H */
