"""SLICE: a constant begin and size (-1: to the end) per dimension (rank <= 4)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import (HEADER, constant_ints, dense_strides, element_bytes, require_same_type,
                                   require_shape, strided_copy)

OPERATOR = "SLICE"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output)
    begin = constant_ints(ctx, ctx.input(1), "begin")
    size = constant_ints(ctx, ctx.input(2), "size")
    rank = len(input.shape)
    if not len(begin) == len(size) == rank:
        raise ctx.error(f"begin and size have {len(begin)} and {len(size)} values; the input has rank {rank}")
    counts = [d - b if s == -1 else s for b, s, d in zip(begin, size, input.shape)]
    for k, (b, c, d) in enumerate(zip(begin, counts, input.shape)):
        if b < 0 or c < 0 or b + c > d:
            raise ctx.error(f"axis {k}: begin {b} and size {size[k]} are outside the dimension of {d}")
    require_shape(ctx, output, counts)
    in_strides = dense_strides(input.shape)
    call = strided_copy(ctx, "copy", counts, in_strides, dense_strides(counts), ctx.ptr(input),
                        ctx.ptr(output), element_bytes(input),
                        input_offset=sum(b * s for b, s in zip(begin, in_strides)))
    return LayerCode(HEADER, call)
