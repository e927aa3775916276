"""RELU, int8: requantized to the output, clamped below at the output zero point (TFLite Micro's
CalculateReluOpData)."""

from __future__ import annotations

from cfu.model.graph import Tensor
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import require_int8_activations
from cfu.model.quant import quantize_multiplier

OPERATOR = "RELU"


def require_unary(ctx: OpContext) -> tuple[Tensor, Tensor]:
    """The int8 input and output of an elementwise activation, of one shape."""
    input, output = ctx.input(0), ctx.output(0)
    require_int8_activations(ctx, ("input", input), ("output", output))
    if tuple(input.shape) != tuple(output.shape):
        raise ctx.error(f"input {list(input.shape)} and output {list(output.shape)} differ")
    return input, output


def prepare(ctx: OpContext) -> LayerCode:
    input, output = require_unary(ctx)
    multiplier, shift = quantize_multiplier(input.scale / output.scale)
    params = ctx.params("ReluParams", {
        "input_offset": input.zero_point, "output_offset": output.zero_point,
        "output_multiplier": multiplier, "output_shift": shift,
        "activation_min": max(-128, output.zero_point), "activation_max": 127,
    })
    return LayerCode("kernels/relu.h", f"Relu({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
