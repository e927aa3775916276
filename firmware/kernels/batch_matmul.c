/* Reference int8 BATCH_MATMUL. */
#include "kernels/batch_matmul.h"

#include "kernels/kernel_util.h"

void BatchMatMul(const struct BatchMatMulParams* params, const int8_t* lhs_data,
                 const int8_t* rhs_data, int8_t* output_data) {
  const struct BatchMatMulParams* p = params;
  int8_t* out = output_data;
  for (int32_t b0 = 0; b0 < p->batches[0]; ++b0) {
    for (int32_t b1 = 0; b1 < p->batches[1]; ++b1) {
      const int8_t* lhs = lhs_data + b0 * p->lhs_batch_stride[0] + b1 * p->lhs_batch_stride[1];
      const int8_t* rhs = rhs_data + b0 * p->rhs_batch_stride[0] + b1 * p->rhs_batch_stride[1];
      for (int32_t m = 0; m < p->rows; ++m) {
        for (int32_t n = 0; n < p->cols; ++n) {
          int32_t acc = 0;
          for (int32_t k = 0; k < p->depth; ++k) {
            acc += (lhs[m * p->lhs_row_stride + k * p->lhs_depth_stride] + p->lhs_offset) *
                   (rhs[k * p->rhs_depth_stride + n * p->rhs_col_stride] + p->rhs_offset);
          }
          const int32_t output =
              MultiplyByQuantizedMultiplier(acc, p->output_multiplier, p->output_shift) +
              p->output_offset;
          *out++ = (int8_t)ActivationClamp(output, -128, 127);
        }
      }
    }
  }
}
