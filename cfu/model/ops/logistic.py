"""LOGISTIC, int8 -> int8: TFLite Micro's fixed-point path (input rescaled to Q4.27); int16 -> int16: the
interpolated sigmoid table (16x8 quantization).

As in TFLite Micro, the int8 output zero point must be -128 and the output is computed for a
scale of 1/256 (converters always emit that; other scales are not checked by TFLite Micro).
"""

from __future__ import annotations

import math

import numpy as np

from cfu.model.graph import Tensor
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import (calculate_input_radius, declare_params, require_activations,
                                   require_int8_activations)
from cfu.model.quant import checked_log2, round_half_away, sigmoid_table

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


def sigmoid_table_array(ctx: OpContext) -> str:
    """The model's one constant copy of the int16 sigmoid table (`sigmoid_table.h`); returns its C name."""
    return ctx.unit.declare_array("sigmoid_table_uint16", "uint16_t", np.asarray(sigmoid_table()))


def sigmoid_table_layer(ctx: OpContext, function: str, header: str, pot_shifts: tuple[int, ...]) -> LayerCode:
    """The int16 LOGISTIC or TANH (TFLite Micro's int16 Prepare): symmetric input and output, output scale
    2^-15; a power-of-two input scale giving one of `pot_shifts` uses 3 << shift, any other scale a multiplier
    of input scale x 3 x 4096 below 2^15 and a right shift."""
    input, output = ctx.input(0), ctx.output(0)
    require_activations(ctx, ["int16"], ("input", input), ("output", output))
    if tuple(input.shape) != tuple(output.shape):
        raise ctx.error(f"input {list(input.shape)} and output {list(output.shape)} differ")
    is_pot, output_log2 = checked_log2(output.scale)
    if not is_pot or output_log2 != -15:
        raise ctx.error(f"int16 output must have scale 2^-15, not {output.scale:g}")
    is_pot, input_log2 = checked_log2(input.scale)
    shift = 12 + input_log2  # 15 - 3 integer bits
    if is_pot and shift in pot_shifts:
        multiplier = 0
    else:
        real, shift = input.scale * 4096.0 * 3.0, 0
        while real <= 32767.0 / 2.0 and shift <= 30:
            shift, real = shift + 1, real * 2.0
        multiplier = int(real)
        if multiplier > 32767:
            raise ctx.error(f"input scale {input.scale:g} is too large for the int16 table (at most "
                            f"{32767 / 12288:.4g})")
    table = sigmoid_table_array(ctx)
    params = declare_params(ctx, "SigmoidTableParams", {
        "input_multiplier": multiplier, "input_left_shift": shift, "sigmoid_table": table})
    return LayerCode(header, f"{function}({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")


def prepare(ctx: OpContext) -> LayerCode:
    if ctx.input(0).dtype == "int16":
        return sigmoid_table_layer(ctx, "LogisticInt16", "kernels/logistic.h", (0,))
    input, output, fields = q4_params(ctx, -128)
    params = ctx.params("LogisticParams", fields)
    return LayerCode("kernels/logistic.h",
                     f"Logistic({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
