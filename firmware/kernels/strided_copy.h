/* Data movement of TRANSPOSE, STRIDED_SLICE, SLICE, CONCATENATION, PACK, SPLIT,
 * SPLIT_V, UNPACK, SPACE_TO_DEPTH, DEPTH_TO_SPACE, BATCH_TO_SPACE_ND,
 * SPACE_TO_BATCH_ND, MIRROR_PAD and SHAPE: a 6-D block of bytes copied from
 * one strided layout to another. The importer turns each operator's index
 * mapping into counts and byte strides (merging contiguous dimensions, the
 * element size folded in), so one loop serves every element type. */
#ifndef KERNELS_STRIDED_COPY_H
#define KERNELS_STRIDED_COPY_H

#include <stdint.h>

#define STRIDED_COPY_DIMS 6

struct StridedCopyParams {
  int32_t count[STRIDED_COPY_DIMS];         /* outermost first */
  int32_t input_stride[STRIDED_COPY_DIMS];  /* bytes; 0 repeats, < 0 walks back */
  int32_t output_stride[STRIDED_COPY_DIMS]; /* bytes */
};

/* output[sum(i_k * output_stride[k])] = input[sum(i_k * input_stride[k])]
 * for every index (i_0, ..., i_5) below count. */
void StridedCopy(const struct StridedCopyParams* params, const void* input_data,
                 void* output_data);

#endif /* KERNELS_STRIDED_COPY_H */
