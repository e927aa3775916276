/* Reference int8 AVERAGE_POOL_2D. */
#include "kernels/average_pool_2d.h"

DEFINE_AVERAGE_POOL(AveragePool, int8_t)
