"""TRANSPOSE: permute dimensions (rank <= 4, constant permutation), any arena type."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import (HEADER, constant_ints, dense_strides, element_bytes, require_same_type,
                                   require_shape, strided_copy)

OPERATOR = "TRANSPOSE"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output)
    perm = constant_ints(ctx, ctx.input(1), "permutation")
    rank = len(input.shape)
    if sorted(perm) != list(range(rank)):
        raise ctx.error(f"permutation {perm} is not a permutation of the input's {rank} dimensions "
                        "(TFLite Micro takes no negative entries)")
    require_shape(ctx, output, [input.shape[p] for p in perm])
    strides = dense_strides(input.shape)
    call = strided_copy(ctx, "copy", output.shape, [strides[p] for p in perm], dense_strides(output.shape),
                        ctx.ptr(input), ctx.ptr(output), element_bytes(input))
    return LayerCode(HEADER, call)
