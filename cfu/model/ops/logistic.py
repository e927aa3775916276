"""LOGISTIC, int8 -> int8: TFLite Micro's fixed-point path (input rescaled to Q4.27).

As in TFLite Micro, the output zero point must be -128 and the output is computed for a
scale of 1/256 (converters always emit that; other scales are not checked by TFLite Micro).
"""

from __future__ import annotations

import math

from cfu.model.graph import Tensor
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import calculate_input_radius, require_int8_activations
from cfu.model.quant import round_half_away

OPERATOR = "LOGISTIC"
INPUT_INTEGER_BITS = 4


def logistic_scaling(input_scale: float) -> tuple[int, int, int]:
    """TFLite Micro's CalculateArithmeticOpDataLogistic: (multiplier, left shift, input radius)."""
    mantissa, shift = math.frexp(input_scale * (1 << (31 - INPUT_INTEGER_BITS)))
    multiplier = round_half_away(mantissa * (1 << 31))
    return multiplier, shift, calculate_input_radius(INPUT_INTEGER_BITS, shift)


def q4_params(ctx: OpContext, output_zero_point: int) -> tuple[Tensor, Tensor, dict[str, int]]:
    """Checks and params shared by LOGISTIC and TANH: (input, output, the Q4.27 input scaling)."""
    input, output = ctx.input(0), ctx.output(0)
    require_int8_activations(ctx, ("input", input), ("output", output))
    if output.zero_point != output_zero_point:
        raise ctx.error(f"int8 output must have zero point {output_zero_point}, not {output.zero_point}")
    if tuple(input.shape) != tuple(output.shape):
        raise ctx.error(f"input {list(input.shape)} and output {list(output.shape)} differ")
    if input.scale < 2.0 ** -28:
        raise ctx.error(f"input scale {input.scale:g} is too small (below 2^-28)")
    multiplier, shift, radius = logistic_scaling(input.scale)
    return input, output, {"input_zero_point": input.zero_point, "input_range_radius": radius,
                           "input_multiplier": multiplier, "input_left_shift": shift}


def prepare(ctx: OpContext) -> LayerCode:
    input, output, fields = q4_params(ctx, -128)
    params = ctx.params("LogisticParams", fields)
    return LayerCode("kernels/logistic.h",
                     f"Logistic({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
