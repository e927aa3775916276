/* Reference int8 MAX_POOL_2D. */
#include "kernels/max_pool_2d.h"

DEFINE_MAX_POOL(MaxPool, int8_t, -128)
