"""SHAPE: the input's shape as an int32 tensor (known on import, copied in by the layer)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import HEADER, require_shape, strided_copy

OPERATOR = "SHAPE"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    ctx.require_type(output, "output", ["int32"])
    require_shape(ctx, output, [len(input.shape)])
    values = ctx.array("shape", "int32_t", input.shape)
    return LayerCode(HEADER, strided_copy(ctx, "copy", [len(input.shape)], [1], [1], values, ctx.ptr(output), 4))
