/* GATHER (TFLite's Gather, batch_dims 0): slices of the input along one axis,
 * picked by an int32 index tensor, any element type (sizes in bytes). */
#ifndef KERNELS_GATHER_H
#define KERNELS_GATHER_H

#include <stdint.h>

struct GatherParams {
  int32_t outer_size;  /* product of the dimensions before the axis */
  int32_t axis_size;   /* the input's dimension along the axis */
  int32_t inner_bytes; /* bytes of one slice: dimensions after the axis x element size */
  int32_t coord_count; /* number of indices */
};

/* An index outside [0, axis_size) leaves its output slice unchanged (TFLite
 * Micro fails the invocation there). */
void Gather(const struct GatherParams* params, const void* input_data, const int32_t* coords_data,
            void* output_data);

#endif /* KERNELS_GATHER_H */
