/* Reference int16 AVERAGE_POOL_2D (16x8 quantization). */
#include "kernels/average_pool_2d.h"

DEFINE_AVERAGE_POOL(AveragePoolInt16, int16_t)
