"""MAX_POOL_2D, int8: window, strides, SAME/VALID padding, fused activation."""

from __future__ import annotations

from cfu.model.ops.average_pool_2d import pool_params
from cfu.model.ops.base import LayerCode, OpContext

OPERATOR = "MAX_POOL_2D"


def prepare(ctx: OpContext) -> LayerCode:
    params = pool_params(ctx)
    input, output = ctx.input(0), ctx.output(0)
    return LayerCode("kernels/max_pool_2d.h",
                     f"MaxPool({params}, {ctx.dims(input)}, {ctx.ptr(input)}, "
                     f"{ctx.dims(output)}, {ctx.ptr(output)});")
