"""What CONV_2D and DEPTHWISE_CONV_2D share: tensor checks, window geometry, requantization, the kernel call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from cfu.model.ops.base import OpContext
from cfu.model.ops.support import require_activations
from cfu.model.ops.common import (activation_bounds, leading_padding, out_size, per_channel_multipliers,
                                  require_known_bias_type)
from cfu.model.schema import schema


@dataclass(frozen=True)
class Convolution:
    """A checked convolution layer: its options, tensors, output size and common kernel parameters."""

    opts: Any
    input: Any
    filter: Any
    output: Any
    bias: Any
    out_h: int
    out_w: int
    out_c: int
    multipliers: list[int]
    shifts: list[int]
    params: dict[str, int]


def check_weights(ctx: OpContext, input: Any, filter: Any, output: Any, channel_axis: int) -> int:
    """4-D int8 (or 16x8: int16) input and output, a constant int8 filter, quantized (the filter per channel
    along ``channel_axis`` or per tensor, symmetric); returns the output depth."""
    require_activations(ctx, ["int8", "int16"], ("input", input), ("output", output))
    ctx.require_type(filter, "filter", ["int8"])
    for role, t in (("input", input), ("filter", filter), ("output", output)):
        ctx.require_rank(t, role, [4])
    ctx.require_constant(filter, "filter")
    out_c = filter.shape[channel_axis]
    ctx.require_quantized(filter, "filter", out_c, channel_axis)
    if any(filter.zero_points):
        raise ctx.error("filter zero points must be 0 (symmetric int8 weights)")
    return out_c


#: Bias types TFLite Micro takes, by activation type (16x8: int64 as the converter writes it, or int32).
BIAS_TYPES = {"int8": ["int32"], "int16": ["int64", "int32"]}


def check_bias(ctx: OpContext, bias: Any, out_c: int, activation_type: str = "int8") -> None:
    """An absent bias, or a constant one of ``out_c`` values of a type TFLite Micro takes."""
    if bias is not None:
        ctx.require_type(bias, "bias", BIAS_TYPES[activation_type])
        ctx.require_constant(bias, "bias")
        if bias.size != out_c:
            raise ctx.error(f"bias has {bias.size} values for {out_c} output channels")


def check_convolution(ctx: OpContext, options_type: type, channel_axis: int,
                      check_filter: Callable[[Any, Any, int], None]) -> Convolution:
    """Validate a convolution; the filter's ``channel_axis`` is the output depth (and the axis of its
    per-channel scales) and ``check_filter`` checks the filter against the input depth (it raises ``ctx.error``)."""
    opts = ctx.require_options(options_type)
    if hasattr(opts, "quantizedBiasType"):
        require_known_bias_type(ctx, opts)
    input, filter, output = ctx.input(0), ctx.input(1), ctx.output(0)
    bias = ctx.optional_input(2)
    out_c = check_weights(ctx, input, filter, output, channel_axis)
    n, in_h, in_w, in_c = input.shape
    k_h, k_w = filter.shape[1:3]
    check_filter(filter, in_c, out_c)
    check_bias(ctx, bias, out_c, input.dtype)
    sh, sw = opts.strideH, opts.strideW
    dh, dw = opts.dilationHFactor, opts.dilationWFactor
    if min(sh, sw, dh, dw) < 1:
        raise ctx.error(f"strides ({sh}, {sw}) and dilations ({dh}, {dw}) must be >= 1")
    if opts.padding not in (schema.Padding.SAME, schema.Padding.VALID):
        raise ctx.error(f"padding {opts.padding} is not SAME or VALID")
    out_h = out_size(ctx, opts.padding, in_h, k_h, sh, dh)
    out_w = out_size(ctx, opts.padding, in_w, k_w, sw, dw)
    if output.shape != (n, out_h, out_w, out_c):
        raise ctx.error(f"output shape {list(output.shape)} differs from the computed "
                        f"{[n, out_h, out_w, out_c]}")
    act_min, act_max = activation_bounds(ctx, opts.fusedActivationFunction, output)
    mults, shifts = per_channel_multipliers(input, filter, output, out_c)
    params = {
        "stride_width": sw, "stride_height": sh,
        "dilation_width": dw, "dilation_height": dh,
        "padding_width": leading_padding(sw, dw, in_w, k_w, out_w),
        "padding_height": leading_padding(sh, dh, in_h, k_h, out_h),
        "input_offset": -input.zero_point, "output_offset": output.zero_point,
        "activation_min": act_min, "activation_max": act_max,
    }
    return Convolution(opts, input, filter, output, bias, out_h, out_w, out_c, mults, shifts, params)


def kernel_variant(function: str, activations: str, bias: Any) -> str:
    """The kernel's name for the activation and bias types: `F` (int8), `F16x8` (int64 bias or none),
    `F16x8Bias32` (int32 bias, which TFLite Micro's CONV_2D and FULLY_CONNECTED accumulate in int32)."""
    if activations == "int8":
        return function
    return function + ("16x8Bias32" if bias is not None and bias.dtype == "int32" else "16x8")


def int16_source(header: str, activations: str) -> str | None:
    """The C file of a 16x8 kernel variant, beside the int8 one (None for int8)."""
    return header[:-2] + "_int16.c" if activations == "int16" else None


def convolution_call(ctx: OpContext, function: str, params: str, conv: Convolution) -> str:
    """The C call of a per-channel convolution kernel (TFLM's argument order); `function` names the int8 one."""
    return (f"{function}({params}, {ctx.array('multiplier', 'int32_t', conv.multipliers)}, "
            f"{ctx.array('shift', 'int32_t', conv.shifts)}, "
            f"{ctx.dims(conv.input)}, {ctx.ptr(conv.input)}, {ctx.dims(conv.filter)}, {ctx.ptr(conv.filter)}, "
            f"{ctx.ptr(conv.bias)}, {ctx.dims(conv.output)}, {ctx.ptr(conv.output)});")
