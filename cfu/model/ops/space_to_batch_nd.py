"""SPACE_TO_BATCH_ND: the padded input's 2-D spatial blocks moved into batches (NHWC, 4-D).

The padding holds the output zero point (a real 0). TFLite Micro's padding is undefined: it
fills it with a pad value it never initializes (0 in a fresh process, other bytes after other
work; checked against the tflite-micro package), so only unpadded layers are compared with it."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.batch_to_space_nd import block_and_pads, valid_range
from cfu.model.ops.strided import (HEADER, constant_ints, element_bytes, require_same_type, require_shape,
                                   strided_copy)

OPERATOR = "SPACE_TO_BATCH_ND"


def fill_call(ctx: OpContext, output, value: int) -> str:
    """A copy filling the whole output with one value (an input stride of 0)."""
    ctype = {"int8": "int8_t", "int16": "int16_t", "int32": "int32_t"}[output.dtype]
    source = ctx.array("fill_value", ctype, [value])
    return strided_copy(ctx, "fill", [output.size], [0], [1], source, ctx.ptr(output), element_bytes(output))


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output, int16=False)
    ctx.require_rank(input, "input", [4])
    bh, bw, (top, bottom, left, right) = block_and_pads(
        ctx, constant_ints(ctx, ctx.input(1), "block_shape"), constant_ints(ctx, ctx.input(2), "paddings"),
        "paddings")
    n, h, w, c = input.shape
    if (h + top + bottom) % bh or (w + left + right) % bw:
        raise ctx.error(f"the padded input {h + top + bottom}x{w + left + right} is no multiple of the block "
                        f"{bh}x{bw}")
    oh, ow = (h + top + bottom) // bh, (w + left + right) // bw
    require_shape(ctx, output, [n * bh * bw, oh, ow, c])
    calls = [fill_call(ctx, output, output.zero_point)]
    for block in range(bh * bw):
        sh, sw = divmod(block, bw)
        h0, hn = valid_range(sh, bh, top, h, oh)
        w0, wn = valid_range(sw, bw, left, w, ow)
        calls.append(strided_copy(
            ctx, f"copy{block}", [n, hn, wn, c], [h * w * c, bh * w * c, bw * c, 1], [oh * ow * c, ow * c, c, 1],
            ctx.ptr(input), ctx.ptr(output), element_bytes(input),
            input_offset=(h0 * bh + sh - top) * w * c + (w0 * bw + sw - left) * c,
            output_offset=(block * n * oh + h0) * ow * c + w0 * c))
    return LayerCode(HEADER, "\n  ".join(call for call in calls if call))
