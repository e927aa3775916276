"""MIRROR_PAD: REFLECT or SYMMETRIC padding (rank <= 4): the input copied to the middle, then each
dimension's borders mirrored from the output itself, dimension by dimension."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import (HEADER, constant_ints, dense_strides, element_bytes, require_same_type,
                                   require_shape, strided_copy)
from cfu.model.schema import schema

OPERATOR = "MIRROR_PAD"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.MirrorPadOptionsT)
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output, int16=False)
    pads = constant_ints(ctx, ctx.input(1), "paddings")
    rank = len(input.shape)
    if len(pads) != 2 * rank:
        raise ctx.error(f"paddings has {len(pads)} values, expected {2 * rank}")
    before, after = pads[0::2], pads[1::2]
    reflect = opts.mode == schema.MirrorPadMode.REFLECT
    for k, (lo, hi, d) in enumerate(zip(before, after, input.shape)):
        limit = d - 1 if reflect else d
        if min(lo, hi) < 0 or max(lo, hi) > limit:
            raise ctx.error(f"axis {k}: paddings {lo}, {hi} must be in [0, {limit}] for "
                            f"{'REFLECT' if reflect else 'SYMMETRIC'} on a dimension of {d}")
    require_shape(ctx, output, [d + lo + hi for d, lo, hi in zip(input.shape, before, after)])
    strides, out, size = dense_strides(output.shape), ctx.ptr(output), element_bytes(input)
    middle = sum(lo * s for lo, s in zip(before, strides))
    calls = [strided_copy(ctx, "copy", input.shape, dense_strides(input.shape), strides, ctx.ptr(input), out, size,
                          output_offset=middle)]
    shift = 0 if reflect else 1
    for k in range(rank):
        counts = [*output.shape[:k], 0, *input.shape[k + 1:]]
        rest = sum(lo * s for lo, s in zip(before[k + 1:], strides[k + 1:]))
        mirrored = [*strides[:k], -strides[k], *strides[k + 1:]]
        first_after = before[k] + input.shape[k]
        for side, count, source, target in (("lo", before[k], 2 * before[k] - shift, 0),
                                            ("hi", after[k], first_after - 2 + shift, first_after)):
            counts[k] = count
            calls.append(strided_copy(ctx, f"{side}{k}", counts, mirrored, strides, out, out, size,
                                      input_offset=rest + source * strides[k],
                                      output_offset=rest + target * strides[k]))
    return LayerCode(HEADER, "\n  ".join(call for call in calls if call))
