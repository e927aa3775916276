/* Reference int8 and int16 BATCH_MATMUL. */
#include "kernels/batch_matmul.h"

#include "kernels/kernel_util.h"

/* The int8 output stage: 32-bit accumulator, Q31 requantization. */
static inline int32_t Requantize8(int32_t acc, int32_t multiplier, int32_t shift) {
  return MultiplyByQuantizedMultiplier(acc, multiplier, shift);
}

/* The int16 output stage: 64-bit accumulator, the multiplier rounded to 16 bits. */
static inline int32_t Requantize16(int64_t acc, int32_t multiplier, int32_t shift) {
  return MultiplyByQuantizedMultiplier64(acc, multiplier, shift);
}

/* Defines the kernel `Name` for element type T in [Min, Max], accumulator type Acc and output stage
 * `Requantize` (int16: the offsets are 0). */
#define DEFINE_BATCH_MATMUL(Name, T, Min, Max, Acc, Requantize)                                   \
  void Name(const struct BatchMatMulParams* params, const T* lhs_data, const T* rhs_data,        \
            T* output_data) {                                                                    \
    const struct BatchMatMulParams* p = params;                                                  \
    T* out = output_data;                                                                        \
    for (int32_t b0 = 0; b0 < p->batches[0]; ++b0) {                                             \
      for (int32_t b1 = 0; b1 < p->batches[1]; ++b1) {                                           \
        const T* lhs = lhs_data + b0 * p->lhs_batch_stride[0] + b1 * p->lhs_batch_stride[1];     \
        const T* rhs = rhs_data + b0 * p->rhs_batch_stride[0] + b1 * p->rhs_batch_stride[1];     \
        for (int32_t m = 0; m < p->rows; ++m) {                                                  \
          for (int32_t n = 0; n < p->cols; ++n) {                                                \
            Acc acc = 0;                                                                         \
            for (int32_t k = 0; k < p->depth; ++k) {                                             \
              acc += (Acc)(lhs[m * p->lhs_row_stride + k * p->lhs_depth_stride] + p->lhs_offset) * \
                     (rhs[k * p->rhs_depth_stride + n * p->rhs_col_stride] + p->rhs_offset);     \
            }                                                                                    \
            const int32_t output =                                                               \
                Requantize(acc, p->output_multiplier, p->output_shift) + p->output_offset;       \
            *out++ = (T)ActivationClamp(output, Min, Max);                                       \
          }                                                                                      \
        }                                                                                        \
      }                                                                                          \
    }                                                                                            \
  }

DEFINE_BATCH_MATMUL(BatchMatMul, int8_t, -128, 127, int32_t, Requantize8)
DEFINE_BATCH_MATMUL(BatchMatMulInt16, int16_t, -32768, 32767, int64_t, Requantize16)
