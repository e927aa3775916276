/* What the CONV_2D kernels of both kws_micro engines share: a single-channel
 * image copied with its padding made explicit (the first 10x4 layer's patches
 * are read from it without bounds checks), and four int8 values as a word. */
#ifndef KERNELS_KWS_PADDED_IMAGE_H
#define KERNELS_KWS_PADDED_IMAGE_H

#include <stdint.h>

#include "kernels/conv_2d.h"

/* The single-channel layout reads the image through a copy with its padding
 * made explicit, so that the patch loop has no bounds checks. */
#define KWS_PADDED_IMAGE_BYTES 1024

struct PaddedImage {
  int8_t bytes[KWS_PADDED_IMAGE_BYTES];
  int32_t width;
};

static inline int32_t PaddedHeight(const struct ConvParams* params,
                                   const struct Dims4* filter_shape,
                                   const struct Dims4* output_shape) {
  return (output_shape->h - 1) * params->stride_height + filter_shape->h;
}

static inline int32_t PaddedWidth(const struct ConvParams* params,
                                  const struct Dims4* filter_shape,
                                  const struct Dims4* output_shape) {
  return (output_shape->w - 1) * params->stride_width + filter_shape->w;
}

/* Every cell any window reads: the image's value, or its zero point `pad`. */
static inline void FillPadded(struct PaddedImage* padded, const struct ConvParams* params,
                              const struct Dims4* input_shape, const int8_t* image,
                              int32_t height, int32_t width, int8_t pad) {
  padded->width = width;
  for (int32_t y = 0; y < height; ++y) {
    const int32_t in_y = y - params->padding_height;
    for (int32_t x = 0; x < width; ++x) {
      const int32_t in_x = x - params->padding_width;
      const int inside = in_y >= 0 && in_y < input_shape->h && in_x >= 0 && in_x < input_shape->w;
      padded->bytes[y * width + x] = inside ? image[in_y * input_shape->w + in_x] : pad;
    }
  }
}

/* Four int8 values as the engines' little-endian word. */
static inline uint32_t KwsPack(int8_t b0, int8_t b1, int8_t b2, int8_t b3) {
  return (uint32_t)(uint8_t)b0 | (uint32_t)(uint8_t)b1 << 8 |
         (uint32_t)(uint8_t)b2 << 16 | (uint32_t)(uint8_t)b3 << 24;
}

#endif /* KERNELS_KWS_PADDED_IMAGE_H */
