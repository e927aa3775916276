"""TANH, int8 -> int8: TFLite Micro's fixed-point path (input rescaled to Q4.27, LOGISTIC's
scaling); the output is computed for scale 1/128 and zero point 0, which the model must use."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.logistic import logistic_scaling
from cfu.model.ops.relu import require_unary

OPERATOR = "TANH"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = require_unary(ctx)
    if output.zero_point != 0:
        raise ctx.error(f"int8 output must have zero point 0, not {output.zero_point}")
    if input.scale < 2.0 ** -28:
        raise ctx.error(f"input scale {input.scale:g} is too small (below 2^-28)")
    multiplier, shift, radius = logistic_scaling(input.scale)
    params = ctx.params("TanhParams", {
        "input_zero_point": input.zero_point, "input_range_radius": radius,
        "input_multiplier": multiplier, "input_left_shift": shift,
    })
    return LayerCode("kernels/tanh.h", f"Tanh({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
