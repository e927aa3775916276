"""SQUEEZE: size-1 dimensions removed (all, or the listed ones); the data is copied unchanged."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import normalize_axis, require_same_type, require_shape
from cfu.model.schema import schema

OPERATOR = "SQUEEZE"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.SqueezeOptionsT)
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output)
    rank = len(input.shape)
    axes = {normalize_axis(ctx, int(a), rank) for a in (opts.squeezeDims if opts.squeezeDims is not None else [])}
    if not axes:
        axes = {k for k, d in enumerate(input.shape) if d == 1}
    if any(input.shape[k] != 1 for k in axes):
        raise ctx.error(f"squeeze_dims {sorted(axes)} name dimensions of {list(input.shape)} that are not 1")
    require_shape(ctx, output, [d for k, d in enumerate(input.shape) if k not in axes])
    return LayerCode("kernels/reshape.h", reshape_call(ctx, input, output))


def reshape_call(ctx: OpContext, input, output) -> str:
    """The byte copy of RESHAPE, for any element type."""
    return f"Reshape((const int8_t*){ctx.ptr(input)}, (int8_t*){ctx.ptr(output)}, {output.nbytes});"
