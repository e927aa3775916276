"""STRIDED_SLICE: constant begin/end/strides with begin, end and shrink-axis masks (rank <= 4)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import (HEADER, constant_ints, dense_strides, element_bytes, require_same_type,
                                   require_shape, strided_copy)
from cfu.model.schema import schema

OPERATOR = "STRIDED_SLICE"


def axis_range(begin: int | None, end: int | None, stride: int, size: int) -> tuple[int, int]:
    """(first index, count) of one axis, with TFLite's clamping of begin and end (Python's slice rules)."""
    r = range(size)[slice(begin, end, stride)]
    return (r.start if len(r) else 0), len(r)


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.StridedSliceOptionsT)
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output)
    begin = constant_ints(ctx, ctx.input(1), "begin")
    end = constant_ints(ctx, ctx.input(2), "end")
    strides = constant_ints(ctx, ctx.input(3), "strides")
    rank = len(input.shape)
    if not len(begin) == len(end) == len(strides) == rank:
        raise ctx.error(f"begin, end and strides have {len(begin)}, {len(end)}, {len(strides)} values; "
                        f"the input has rank {rank}")
    if opts.ellipsisMask or opts.newAxisMask or getattr(opts, "offset", False):
        raise ctx.error("ellipsis_mask, new_axis_mask and offset are not supported")
    if 0 in strides:
        raise ctx.error("a stride is 0")
    firsts, counts, steps, out_shape = [], [], [], []
    for k, size in enumerate(input.shape):
        if opts.shrinkAxisMask >> k & 1:
            # TFLite Micro applies the begin mask on a shrunk axis too, and reads outside the input
            # when its stride is negative.
            if strides[k] < 0:
                raise ctx.error(f"shrunk axis {k} has the negative stride {strides[k]}")
            index = 0 if opts.beginMask >> k & 1 else begin[k] + size if begin[k] < 0 else begin[k]
            if not 0 <= index < size:
                raise ctx.error(f"shrunk axis {k}: index {begin[k]} is outside [0, {size})")
            first, count, step = index, 1, 1
        else:
            b = None if opts.beginMask >> k & 1 else begin[k]
            e = None if opts.endMask >> k & 1 else end[k]
            first, count = axis_range(b, e, strides[k], size)
            step = strides[k]
            out_shape.append(count)
        firsts.append(first)
        counts.append(count)
        steps.append(step)
    require_shape(ctx, output, out_shape)
    in_strides = dense_strides(input.shape)
    offset = sum(f * s for f, s in zip(firsts, in_strides))
    call = strided_copy(ctx, "copy", counts, [st * s for st, s in zip(steps, in_strides)],
                        dense_strides(counts), ctx.ptr(input), ctx.ptr(output), element_bytes(input),
                        input_offset=offset)
    return LayerCode(HEADER, call)
