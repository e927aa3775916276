"""BATCH_TO_SPACE_ND: batches interleaved back into 2-D spatial blocks, then cropped (NHWC, 4-D)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import (HEADER, constant_ints, element_bytes, require_same_type, require_shape,
                                   strided_copy)

OPERATOR = "BATCH_TO_SPACE_ND"


def block_and_pads(ctx: OpContext, block: list[int], pads: list[int], what: str) -> tuple[int, int, list[int]]:
    """(block height, block width, [top, bottom, left, right]) of a 2-D block operator."""
    if len(block) != 2 or len(pads) != 4:
        raise ctx.error(f"block_shape {block} and {what} {pads}: only 2 spatial dimensions are supported")
    if min(block) < 1 or min(pads) < 0:
        raise ctx.error(f"block_shape {block} must be positive and {what} {pads} not negative")
    return block[0], block[1], pads


def valid_range(offset: int, block: int, pad: int, inner: int, outer: int) -> tuple[int, int]:
    """The indices i in [0, outer) with 0 <= i * block + offset - pad < inner: (first, count)."""
    first = max(0, -(-(pad - offset) // block))
    last = min(outer - 1, (inner - 1 + pad - offset) // block)
    return first, max(0, last - first + 1)


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output, int16=False)
    ctx.require_rank(input, "input", [4])
    bh, bw, (top, bottom, left, right) = block_and_pads(
        ctx, constant_ints(ctx, ctx.input(1), "block_shape"), constant_ints(ctx, ctx.input(2), "crops"), "crops")
    n, h, w, c = input.shape
    if n % (bh * bw):
        raise ctx.error(f"the input's batch {n} is no multiple of the block {bh}x{bw}")
    batch, oh, ow = n // (bh * bw), h * bh - top - bottom, w * bw - left - right
    require_shape(ctx, output, [batch, oh, ow, c])
    calls = []
    for block in range(bh * bw):
        sh, sw = divmod(block, bw)
        h0, hn = valid_range(sh, bh, top, oh, h)
        w0, wn = valid_range(sw, bw, left, ow, w)
        calls.append(strided_copy(
            ctx, f"copy{block}", [batch, hn, wn, c], [h * w * c, w * c, c, 1], [oh * ow * c, bh * ow * c, bw * c, 1],
            ctx.ptr(input), ctx.ptr(output), element_bytes(input),
            input_offset=(block * batch * h + h0) * w * c + w0 * c,
            output_offset=(h0 * bh + sh - top) * ow * c + (w0 * bw + sw - left) * c))
    return LayerCode(HEADER, "\n  ".join(call for call in calls if call))
