"""SPACE_TO_DEPTH: block x block spatial tiles moved into channels (NHWC, 4-D)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import HEADER, element_bytes, require_same_type, require_shape, strided_copy
from cfu.model.schema import schema

OPERATOR = "SPACE_TO_DEPTH"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.SpaceToDepthOptionsT)
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output, int16=False)
    ctx.require_rank(input, "input", [4])
    n, h, w, c = input.shape
    b = opts.blockSize
    if b < 1 or h % b or w % b:
        raise ctx.error(f"block size {b} does not divide the input's {h}x{w}")
    require_shape(ctx, output, [n, h // b, w // b, b * b * c])
    # Output (n, oh, ow, bh, bw, c), dense, from input (n, oh * b + bh, ow * b + bw, c).
    counts = [n, h // b, w // b, b, b, c]
    in_strides = [h * w * c, b * w * c, b * c, w * c, c, 1]
    out_strides = [h * w * c, (w // b) * b * b * c, b * b * c, b * c, c, 1]
    return LayerCode(HEADER, strided_copy(ctx, "copy", counts, in_strides, out_strides, ctx.ptr(input),
                                          ctx.ptr(output), element_bytes(input)))
