"""RELU, int8 and int16: requantized to the output, clamped below at the output zero point (TFLite Micro's
CalculateReluOpData)."""

from __future__ import annotations

from collections.abc import Sequence

from cfu.model.graph import Tensor
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import KERNEL_SUFFIX, require_activations
from cfu.model.quant import INTEGER_RANGES, quantize_multiplier

OPERATOR = "RELU"


def require_unary(ctx: OpContext, types: Sequence[str] = ("int8",)) -> tuple[Tensor, Tensor]:
    """The input and output (of one of `types`, int8 by default) of an elementwise activation, of one shape."""
    input, output = ctx.input(0), ctx.output(0)
    require_activations(ctx, types, ("input", input), ("output", output))
    if tuple(input.shape) != tuple(output.shape):
        raise ctx.error(f"input {list(input.shape)} and output {list(output.shape)} differ")
    return input, output


def prepare(ctx: OpContext) -> LayerCode:
    input, output = require_unary(ctx, ("int8", "int16"))
    multiplier, shift = quantize_multiplier(input.scale / output.scale)
    low, high = INTEGER_RANGES[output.dtype]
    params = ctx.params("ReluParams", {
        "input_offset": input.zero_point, "output_offset": output.zero_point,
        "output_multiplier": multiplier, "output_shift": shift,
        "activation_min": max(low, output.zero_point), "activation_max": high,
    })
    return LayerCode("kernels/relu.h", f"{unary_kernel('Relu', input)}({params}, {input.size}, {ctx.ptr(input)}, "
                                       f"{ctx.ptr(output)});")


def unary_kernel(function: str, input: Tensor) -> str:
    """The kernel's name for the input type: `Relu` (int8), `ReluInt16`."""
    return function + KERNEL_SUFFIX[input.dtype]
