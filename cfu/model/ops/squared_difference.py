"""SQUARED_DIFFERENCE, int8 and int16: inputs rescaled with 7 bits of headroom (int16: none), the squared
difference requantized to the output (TFLite Micro's integer path), broadcasting."""

from __future__ import annotations

from cfu.model.ops.add import binary_call, input_multipliers
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import require_activations, require_broadcast_output
from cfu.model.quant import quantize_multiplier

OPERATOR = "SQUARED_DIFFERENCE"
#: Headroom of the rescaled inputs, by activation type (TFLite Micro's Prepare).
LEFT_SHIFT = {"int8": 7, "int16": 0}


def prepare(ctx: OpContext) -> LayerCode:
    a, b, output = ctx.input(0), ctx.input(1), ctx.output(0)
    left_shift = LEFT_SHIFT[require_activations(ctx, ["int8", "int16"], ("input 1", a), ("input 2", b),
                                                ("output", output))]
    require_broadcast_output(ctx, a.shape, b.shape, output.shape)
    twice_max, (m1, s1), (m2, s2) = input_multipliers(ctx, a, b)
    mo, so = quantize_multiplier(twice_max * twice_max / ((1 << 2 * left_shift) * output.scale))
    params = ctx.params("SquaredDifferenceParams", {
        "input1_offset": -a.zero_point, "input2_offset": -b.zero_point,
        "output_offset": output.zero_point, "left_shift": left_shift,
        "input1_multiplier": m1, "input1_shift": s1,
        "input2_multiplier": m2, "input2_shift": s2,
        "output_multiplier": mo, "output_shift": so,
    })
    return LayerCode("kernels/squared_difference.h", binary_call(ctx, "SquaredDifference", params))
