"""The Prepare shared by ARG_MAX and ARG_MIN."""

from __future__ import annotations

import math

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import constant_ints, normalize_axis, require_shape


def arg_min_max(ctx: OpContext, kernel: str) -> LayerCode:
    """`kernel` ("ArgMax" or "ArgMin") over the axis given by the constant second input."""
    input, output = ctx.input(0), ctx.output(0)
    ctx.require_type(input, "input", ["int8"])
    ctx.require_type(output, "output", ["int32"])
    axis_values = constant_ints(ctx, ctx.input(1), "axis")
    if len(axis_values) != 1:
        raise ctx.error(f"axis has {len(axis_values)} values, expected 1")
    axis = normalize_axis(ctx, axis_values[0], len(input.shape))
    require_shape(ctx, output, [*input.shape[:axis], *input.shape[axis + 1:]])
    params = ctx.params("ArgMinMaxParams", {
        "outer_size": math.prod(input.shape[:axis]), "axis_size": input.shape[axis],
        "inner_size": math.prod(input.shape[axis + 1:]),
    })
    return LayerCode("kernels/arg_min_max.h", f"{kernel}({params}, {ctx.ptr(input)}, {ctx.ptr(output)});")
