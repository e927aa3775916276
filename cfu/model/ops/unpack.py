"""UNPACK: the input cut into its slices along an axis, that axis removed (rank <= 4)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import HEADER, cut, normalize_axis, require_same_type, require_shape
from cfu.model.schema import schema

OPERATOR = "UNPACK"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.UnpackOptionsT)
    input = ctx.input(0)
    outputs = [ctx.output(i) for i in range(len(ctx.op.outputs))]
    axis = normalize_axis(ctx, opts.axis, len(input.shape))
    if opts.num != len(outputs) or input.shape[axis] != len(outputs):
        raise ctx.error(f"num {opts.num}: axis {axis} has {input.shape[axis]} slices for {len(outputs)} outputs")
    part = [*input.shape[:axis], 1, *input.shape[axis + 1:]]
    for t in outputs:
        require_same_type(ctx, input, t)
        require_shape(ctx, t, [*input.shape[:axis], *input.shape[axis + 1:]])
    return LayerCode(HEADER, cut(ctx, input, [(t, part) for t in outputs], axis))
