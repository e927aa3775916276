"""SPLIT: the input cut into equal parts along a constant axis (rank <= 4)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import HEADER, constant_ints, cut, normalize_axis, require_same_type, require_shape
from cfu.model.schema import schema

OPERATOR = "SPLIT"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.SplitOptionsT)
    axis_values, input = constant_ints(ctx, ctx.input(0), "axis"), ctx.input(1)
    outputs = [ctx.output(i) for i in range(len(ctx.op.outputs))]
    if len(axis_values) != 1:
        raise ctx.error(f"axis has {len(axis_values)} values, expected 1")
    axis = normalize_axis(ctx, axis_values[0], len(input.shape))
    if opts.numSplits != len(outputs) or input.shape[axis] % len(outputs):
        raise ctx.error(f"{input.shape[axis]} elements on axis {axis} cannot be split into "
                        f"num_splits {opts.numSplits} parts for {len(outputs)} outputs")
    part = [*input.shape[:axis], input.shape[axis] // len(outputs), *input.shape[axis + 1:]]
    for t in outputs:
        require_same_type(ctx, input, t)
        require_shape(ctx, t, part)
    return LayerCode(HEADER, cut(ctx, input, [(t, part) for t in outputs], axis))
