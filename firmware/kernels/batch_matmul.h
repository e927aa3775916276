/* BATCH_MATMUL, int8 and int16 (TFLite's quantized BatchMatMul): for every (broadcast)
 * batch, output[m][n] = sum_k (lhs[m][k] + lhs_offset) * (rhs[k][n] +
 * rhs_offset), requantized with one multiplier. Transposed operands
 * (adj_x, adj_y) and broadcast batches are strides computed on import. */
#ifndef KERNELS_BATCH_MATMUL_H
#define KERNELS_BATCH_MATMUL_H

#include <stdint.h>

struct BatchMatMulParams {
  int32_t batches[2];             /* output batch dims, outer first */
  int32_t lhs_batch_stride[2];    /* elements; 0 where lhs broadcasts */
  int32_t rhs_batch_stride[2];
  int32_t rows, cols, depth;      /* m, n, k */
  int32_t lhs_row_stride, lhs_depth_stride;
  int32_t rhs_depth_stride, rhs_col_stride;
  int32_t lhs_offset, rhs_offset; /* -zero points */
  int32_t output_offset;          /* output zero point */
  int32_t output_multiplier, output_shift;
};

void BatchMatMul(const struct BatchMatMulParams* params, const int8_t* lhs_data,
                 const int8_t* rhs_data, int8_t* output_data);

/* int16 (zero points 0): 64-bit accumulation, the multiplier rounded to 16 bits. */
void BatchMatMulInt16(const struct BatchMatMulParams* params, const int16_t* lhs_data,
                      const int16_t* rhs_data, int16_t* output_data);

#endif /* KERNELS_BATCH_MATMUL_H */
