/* MAX_POOL_2D, int8 (TFLite's integer MaxPool): the largest window cell inside
 * the input, then the activation clamp. Input and output share one quantization. */
#ifndef KERNELS_MAX_POOL_2D_H
#define KERNELS_MAX_POOL_2D_H

#include <stdint.h>

#include "kernels/kernel_util.h"
#include "kernels/pool_params.h"

/* input [n,h,w,c], output [n,oh,ow,c]; every window overlaps the input. */
void MaxPool(const struct PoolParams* params, const struct Dims4* input_shape,
             const int8_t* input_data, const struct Dims4* output_shape,
             int8_t* output_data);

/* int16 (max_pool_2d_int16.c): the same loops on int16 values. */
void MaxPoolInt16(const struct PoolParams* params, const struct Dims4* input_shape,
                  const int16_t* input_data, const struct Dims4* output_shape,
                  int16_t* output_data);

/* Defines the reference kernel `Name` for element type T whose lowest value is `Lowest`. */
#define DEFINE_MAX_POOL(Name, T, Lowest)                                                          \
  void Name(const struct PoolParams* params, const struct Dims4* input_shape, const T* input_data, \
            const struct Dims4* output_shape, T* output_data) {                                   \
    for (int32_t batch = 0; batch < output_shape->n; ++batch) {                                   \
      for (int32_t out_y = 0; out_y < output_shape->h; ++out_y) {                                 \
        const struct PoolSpan ys = PoolSpanAt(out_y, params->stride_height,                       \
                                              params->padding_height, params->filter_height,      \
                                              input_shape->h);                                    \
        for (int32_t out_x = 0; out_x < output_shape->w; ++out_x) {                               \
          const struct PoolSpan xs = PoolSpanAt(out_x, params->stride_width,                      \
                                                params->padding_width, params->filter_width,      \
                                                input_shape->w);                                  \
          for (int32_t channel = 0; channel < output_shape->c; ++channel) {                       \
            int32_t max = Lowest;                                                                 \
            for (int32_t y = ys.start; y < ys.end; ++y) {                                         \
              for (int32_t x = xs.start; x < xs.end; ++x) {                                       \
                const int32_t value = input_data[Offset4(input_shape, batch, ys.origin + y,       \
                                                         xs.origin + x, channel)];                \
                max = value > max ? value : max;                                                  \
              }                                                                                   \
            }                                                                                     \
            output_data[Offset4(output_shape, batch, out_y, out_x, channel)] =                    \
                (T)ActivationClamp(max, params->activation_min, params->activation_max);          \
          }                                                                                       \
        }                                                                                         \
      }                                                                                           \
    }                                                                                             \
  }

#endif /* KERNELS_MAX_POOL_2D_H */
