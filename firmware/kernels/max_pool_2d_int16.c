/* Reference int16 MAX_POOL_2D (16x8 quantization). */
#include "kernels/max_pool_2d.h"

DEFINE_MAX_POOL(MaxPoolInt16, int16_t, -32768)
