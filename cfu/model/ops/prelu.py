"""PRELU, int8 (or int16 input and output with an int8 alpha, as TFLite Micro): alpha (a tensor broadcast
against the input) for negative inputs; two multipliers."""

from __future__ import annotations

from cfu.model.ops.add import binary_call
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import require_activations, require_broadcast_output, require_int8_activations
from cfu.model.quant import quantize_multiplier

OPERATOR = "PRELU"


def prepare(ctx: OpContext) -> LayerCode:
    input, alpha, output = ctx.input(0), ctx.input(1), ctx.output(0)
    require_activations(ctx, ["int8", "int16"], ("input", input), ("output", output))
    require_int8_activations(ctx, ("alpha", alpha))
    require_broadcast_output(ctx, input.shape, alpha.shape, output.shape)
    m1, s1 = quantize_multiplier(input.scale / output.scale)
    m2, s2 = quantize_multiplier(input.scale * alpha.scale / output.scale)
    params = ctx.params("PreluParams", {
        "input_offset": -input.zero_point, "alpha_offset": -alpha.zero_point,
        "output_offset": output.zero_point,
        "output_multiplier_1": m1, "output_shift_1": s1, "output_multiplier_2": m2, "output_shift_2": s2,
    })
    return LayerCode("kernels/prelu.h", binary_call(ctx, "Prelu", params))
