"""ADD, int8 and int16: per-input rescaling to a common scale, fused activation, broadcasting (rank <= 4)."""

from __future__ import annotations

from cfu.model.graph import Tensor
from cfu.model.ops.base import LayerCode, OpContext, dims4
from cfu.model.ops.common import activation_bounds
from cfu.model.ops.convolution import int16_source
from cfu.model.ops.support import KERNEL_SUFFIX, require_activations, require_broadcast_output
from cfu.model.quant import quantize_multiplier
from cfu.model.schema import schema

OPERATOR = "ADD"
#: TFLite's headroom of the rescaled inputs, by activation type.
LEFT_SHIFT = {"int8": 20, "int16": 15}


def smaller_than_one(ctx: OpContext, real: float, what: str) -> tuple[int, int]:
    """TFLite's QuantizeMultiplierSmallerThanOneExp: a multiplier in (0, 1)."""
    if not 0.0 < real < 1.0:
        raise ctx.error(f"the {what} rescaling factor {real:g} is outside (0, 1); the output "
                        "scale is too small for the input scales")
    return quantize_multiplier(real)


def input_multipliers(ctx: OpContext, a: Tensor, b: Tensor) -> tuple[float, tuple[int, int], tuple[int, int]]:
    """Twice the larger input scale, and each input's (multiplier, shift) onto it."""
    twice_max = 2.0 * max(a.scale, b.scale)
    return (twice_max, smaller_than_one(ctx, a.scale / twice_max, "input 1"),
            smaller_than_one(ctx, b.scale / twice_max, "input 2"))


def arithmetic_params(ctx: OpContext, opts, types: tuple[str, ...] = ("int8",)) -> str:
    """TFLite's Prepare of ADD and SUB: both inputs rescaled to twice the larger input scale with 20 bits
    of headroom (int8) or 15 (int16); returns the `AddParams` pointer."""
    a, b, output = ctx.input(0), ctx.input(1), ctx.output(0)
    left_shift = LEFT_SHIFT[require_activations(ctx, types, ("input 1", a), ("input 2", b), ("output", output))]
    require_broadcast_output(ctx, a.shape, b.shape, output.shape)
    twice_max = 2.0 * max(a.scale, b.scale)
    m1, s1 = smaller_than_one(ctx, a.scale / twice_max, "input 1")
    m2, s2 = smaller_than_one(ctx, b.scale / twice_max, "input 2")
    mo, so = smaller_than_one(ctx, twice_max / ((1 << left_shift) * output.scale), "output")
    act_min, act_max = activation_bounds(ctx, opts.fusedActivationFunction, output)
    return ctx.params("AddParams", {
        "input1_offset": -a.zero_point, "input2_offset": -b.zero_point,
        "output_offset": output.zero_point, "left_shift": left_shift,
        "input1_multiplier": m1, "input1_shift": s1,
        "input2_multiplier": m2, "input2_shift": s2,
        "output_multiplier": mo, "output_shift": so,
        "activation_min": act_min, "activation_max": act_max,
    })


def binary_call(ctx: OpContext, name: str, params: str) -> str:
    """`<name>(params, shapes and data)`, or `Broadcast<name>4DSlow` when the input shapes differ; `Int16`
    appended for int16 outputs."""
    a, b, output = ctx.input(0), ctx.input(1), ctx.output(0)
    kernel = name if dims4(a.shape) == dims4(b.shape) else f"Broadcast{name}4DSlow"
    kernel += KERNEL_SUFFIX.get(output.dtype, "")
    return (f"{kernel}({params}, {ctx.dims(a)}, {ctx.ptr(a)}, {ctx.dims(b)}, "
            f"{ctx.ptr(b)}, {ctx.dims(output)}, {ctx.ptr(output)});")


def prepare(ctx: OpContext) -> LayerCode:
    params = arithmetic_params(ctx, ctx.require_options(schema.AddOptionsT), ("int8", "int16"))
    return LayerCode("kernels/add.h", binary_call(ctx, "Add", params), source=int16_source("kernels/add.h", ctx.output(0).dtype))
