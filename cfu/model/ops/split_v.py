"""SPLIT_V: the input cut into parts of constant sizes (one may be -1) along a constant axis."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import HEADER, constant_ints, cut, normalize_axis, require_same_type, require_shape

OPERATOR = "SPLIT_V"


def prepare(ctx: OpContext) -> LayerCode:
    input = ctx.input(0)
    sizes = constant_ints(ctx, ctx.input(1), "size_splits")
    axis_values = constant_ints(ctx, ctx.input(2), "axis")
    outputs = [ctx.output(i) for i in range(len(ctx.op.outputs))]
    if len(axis_values) != 1:
        raise ctx.error(f"axis has {len(axis_values)} values, expected 1")
    axis = normalize_axis(ctx, axis_values[0], len(input.shape))
    total = input.shape[axis]
    if sizes.count(-1) == 1:
        sizes[sizes.index(-1)] = total - sum(s for s in sizes if s != -1)
    if len(sizes) != len(outputs) or any(s < 0 for s in sizes) or sum(sizes) != total:
        raise ctx.error(f"size_splits {sizes} do not cut the {total} elements of axis {axis} "
                        f"into {len(outputs)} outputs")
    parts = []
    for t, s in zip(outputs, sizes):
        require_same_type(ctx, input, t)
        part = [*input.shape[:axis], s, *input.shape[axis + 1:]]
        require_shape(ctx, t, part)
        parts.append((t, part))
    return LayerCode(HEADER, cut(ctx, input, parts, axis))
