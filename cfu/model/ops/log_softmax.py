"""LOG_SOFTMAX, int8 -> int8 over the last dimension: TFLite's PreprocessLogSoftmaxScalingExp (beta 1);
the output must have scale 16/256 and zero point 127 (TFLite Micro's checks)."""

from __future__ import annotations

import math

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.relu import require_unary
from cfu.model.ops.softmax import softmax_scaling
from cfu.model.quant import quantize_multiplier

OPERATOR = "LOG_SOFTMAX"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = require_unary(ctx)
    if output.scale != 16.0 / 256 or output.zero_point != 127:
        raise ctx.error(f"int8 output must have scale 16/256 and zero point 127, not {output.scale:g} and "
                        f"{output.zero_point}")
    if not input.shape:
        raise ctx.error("the input must have rank >= 1")
    scaling = softmax_scaling(1.0, input.scale)
    if scaling is None:
        raise ctx.error(f"input scale {input.scale:g} is too small (TFLite Micro needs more than 2^-26)")
    multiplier, shift, diff_min = scaling
    reverse = (1 << (31 - shift)) / multiplier if shift <= 31 else 0.0
    if not 0.0 < reverse < 1.0:
        raise ctx.error(f"input scale {input.scale:g} is outside what TFLite Micro's LOG_SOFTMAX handles")
    reverse_multiplier, reverse_shift = quantize_multiplier(reverse)
    params = ctx.params("LogSoftmaxParams", {
        "input_multiplier": multiplier, "input_left_shift": shift,
        "reverse_multiplier": reverse_multiplier, "reverse_left_shift": reverse_shift,
        "diff_min": diff_min, "outer_size": math.prod(input.shape[:-1]), "depth": input.shape[-1],
    })
    return LayerCode("kernels/log_softmax.h", f"LogSoftmax({params}, {ctx.ptr(input)}, {ctx.ptr(output)});")
