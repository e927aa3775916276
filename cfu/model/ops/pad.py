"""PAD, int8 and int16 (rank <= 4): constant paddings, filled with the output zero point (or the
optional third input's constant value, as TFLite Micro's PAD/PADV2 kernel does)."""

from __future__ import annotations

import numpy as np

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import KERNEL_SUFFIX, require_activations, require_same_quantization

OPERATOR = "PAD"


def prepare(ctx: OpContext) -> LayerCode:
    input, paddings, output = ctx.input(0), ctx.input(1), ctx.output(0)
    require_activations(ctx, ["int8", "int16"], ("input", input), ("output", output))
    require_same_quantization(ctx, input, output)
    ctx.require_type(paddings, "paddings", ["int32", "int64"])
    pads = np.asarray(ctx.require_constant(paddings, "paddings"), np.int64)
    rank = len(input.shape)
    if pads.shape != (rank, 2) or (pads < 0).any():
        raise ctx.error(f"paddings must be a non-negative [{rank}, 2] tensor, got "
                        f"{pads.tolist()}")
    expected = tuple(int(d + lo + hi) for d, (lo, hi) in zip(input.shape, pads))
    if tuple(output.shape) != expected:
        raise ctx.error(f"output shape {list(output.shape)} is not the padded input "
                        f"shape {list(expected)}")
    pad_value = output.zero_point
    constant = ctx.optional_input(2)
    if constant is not None:
        ctx.require_type(constant, "constant value", [input.dtype])
        values = ctx.require_constant(constant, "constant value")
        if values.size != 1:
            raise ctx.error(f"the constant value must be a scalar, got {values.size} values")
        pad_value = int(values.reshape(-1)[0])
    left = [0] * (4 - rank) + [int(lo) for lo, _ in pads]  # right-aligned like Dims4
    params = ctx.params("PadParams", {
        "left_n": left[0], "left_h": left[1], "left_w": left[2], "left_c": left[3],
        "pad_value": pad_value,
    })
    return LayerCode("kernels/pad.h",
                     f"Pad{KERNEL_SUFFIX[input.dtype]}({params}, {ctx.dims(input)}, {ctx.ptr(input)}, "
                     f"{ctx.dims(output)}, {ctx.ptr(output)});")
