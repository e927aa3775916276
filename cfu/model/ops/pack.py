"""PACK: N tensors of one shape stacked along a new axis (output rank <= 4)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import HEADER, join, normalize_axis, require_same_type, require_shape
from cfu.model.schema import schema

OPERATOR = "PACK"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.PackOptionsT)
    output = ctx.output(0)
    inputs = [ctx.input(i) for i in range(len(ctx.op.inputs))]
    if opts.valuesCount != len(inputs):
        raise ctx.error(f"values_count {opts.valuesCount} but {len(inputs)} inputs")
    shape = list(inputs[0].shape)
    for t in inputs:
        require_same_type(ctx, t, output)
        if list(t.shape) != shape:
            raise ctx.error(f"input shapes {list(inputs[0].shape)} and {list(t.shape)} differ")
    axis = normalize_axis(ctx, opts.axis, len(shape) + 1)
    piece = [*shape[:axis], 1, *shape[axis:]]
    require_shape(ctx, output, [*shape[:axis], len(inputs), *shape[axis:]])
    return LayerCode(HEADER, join(ctx, [(t, piece) for t in inputs], output, axis))
