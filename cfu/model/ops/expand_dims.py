"""EXPAND_DIMS: a size-1 dimension inserted at a constant axis; the data is copied unchanged."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.squeeze import reshape_call
from cfu.model.ops.strided import constant_ints, normalize_axis, require_same_type, require_shape

OPERATOR = "EXPAND_DIMS"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output)
    axis_values = constant_ints(ctx, ctx.input(1), "axis")
    if len(axis_values) != 1:
        raise ctx.error(f"axis has {len(axis_values)} values, expected 1")
    axis = normalize_axis(ctx, axis_values[0], len(input.shape) + 1)
    require_shape(ctx, output, [*input.shape[:axis], 1, *input.shape[axis:]])
    return LayerCode("kernels/reshape.h", reshape_call(ctx, input, output))
