"""MAX_POOL_2D, int8 and int16: window, strides, SAME/VALID padding, fused activation."""

from __future__ import annotations

from cfu.model.ops.average_pool_2d import pool_layer
from cfu.model.ops.base import LayerCode, OpContext

OPERATOR = "MAX_POOL_2D"


def prepare(ctx: OpContext) -> LayerCode:
    return pool_layer(ctx, "kernels/max_pool_2d.h", "MaxPool")
