"""DEPTH_TO_SPACE: channels moved into block x block spatial tiles (NHWC, 4-D; DCR order)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import HEADER, element_bytes, require_same_type, require_shape, strided_copy
from cfu.model.schema import schema

OPERATOR = "DEPTH_TO_SPACE"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.DepthToSpaceOptionsT)
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output, int16=False)
    ctx.require_rank(input, "input", [4])
    n, h, w, c = input.shape
    b = opts.blockSize
    if b < 1 or c % (b * b):
        raise ctx.error(f"block size {b}: {b * b} does not divide the input's {c} channels")
    oc = c // (b * b)
    require_shape(ctx, output, [n, h * b, w * b, oc])
    # Input (n, h, w, bh, bw, oc), dense, to output (n, h * b + bh, w * b + bw, oc).
    counts = [n, h, w, b, b, oc]
    in_strides = [h * w * c, w * c, c, b * oc, oc, 1]
    out_strides = [h * w * c, b * w * b * oc, b * oc, w * b * oc, oc, 1]
    return LayerCode(HEADER, strided_copy(ctx, "copy", counts, in_strides, out_strides, ctx.ptr(input),
                                          ctx.ptr(output), element_bytes(input)))
