"""Prepare-time helpers shared by operators: padding, output sizes, multipliers, activation."""

from __future__ import annotations

from typing import Any

import numpy as np

from cfu.model.graph import Tensor
from cfu.model.ops.base import OpContext
from cfu.model.quant import INTEGER_RANGES, activation_range, quantize_multiplier, round_half_away
from cfu.model.schema import TYPE_NAMES, schema

SUPPORTED_ACTIVATIONS = {
    schema.ActivationFunctionType.NONE: "NONE",
    schema.ActivationFunctionType.RELU: "RELU",
    schema.ActivationFunctionType.RELU_N1_TO_1: "RELU_N1_TO_1",
    schema.ActivationFunctionType.RELU6: "RELU6",
}


def out_size(ctx: OpContext, padding: int, in_size: int, filter_size: int, stride: int, dilation: int) -> int:
    """TFLite's ComputeOutSize for SAME (0) / VALID (1) padding; the window must fit TFLite's int arithmetic."""
    effective = (filter_size - 1) * dilation + 1
    if effective + in_size + stride > INT32_MAX:
        # TFLite Micro computes the window and the padding in int: larger values overflow into garbage.
        raise ctx.error(f"a window of {filter_size} taps dilated by {dilation} with stride {stride} over "
                        f"{in_size} values overflows TFLite Micro's 32-bit window arithmetic")
    if padding == schema.Padding.SAME:
        return (in_size + stride - 1) // stride
    return (in_size + stride - effective) // stride


def leading_padding(stride: int, dilation: int, in_size: int, filter_size: int,
                    out: int) -> int:
    """TFLite's ComputePaddingWithOffset: the top/left padding (the odd pixel goes bottom/right)."""
    effective = (filter_size - 1) * dilation + 1
    total = max((out - 1) * stride + effective - in_size, 0)
    return total // 2


INT32_MAX = 2**31 - 1
#: TFLite's GetQuantizedConvolutionMultipler: |input scale x filter scale - bias scale| / output scale at most this.
BIAS_SCALE_TOLERANCE = 0.02
_ACTIVATION_LIMITS = {"RELU": (0.0,), "RELU6": (0.0, 6.0), "RELU_N1_TO_1": (-1.0, 1.0), "NONE": ()}


def activation_bounds(ctx: OpContext, activation: int, output: Tensor) -> tuple[int, int]:
    """Clamp bounds of a fused activation on an int8 or int16 output."""
    if activation not in SUPPORTED_ACTIVATIONS:
        raise ctx.error(f"fused activation {activation} is not supported; supported: "
                        f"{', '.join(SUPPORTED_ACTIVATIONS.values())}")
    name = SUPPORTED_ACTIVATIONS[activation]
    for limit in _ACTIVATION_LIMITS[name]:
        # TFLite's Quantize in CalculateActivationRangeQuantized: the limit in steps must fit an int32
        # (compared as float32, where the int32 maximum rounds up to 2^31).
        steps = round_half_away(limit / float(np.float32(output.scale)))
        if not -2**31 <= steps <= 2**31:
            raise ctx.error(f"fused {name}'s limit {limit:g} is {steps:g} steps of the output scale "
                            f"{output.scale:g}, more than an int32 holds")
    return activation_range(activation, output.scale, output.zero_point, *INTEGER_RANGES[output.dtype])


def require_known_bias_type(ctx: OpContext, opts: Any) -> None:
    """The options' quantized_bias_type is a TFLite type (TFLite Micro refuses to parse the options otherwise)."""
    if opts.quantizedBiasType not in TYPE_NAMES:
        raise ctx.error(f"option quantized_bias_type {opts.quantizedBiasType} is not a TFLite tensor type")


def require_bias_scale(ctx: OpContext, input: Tensor, filter: Tensor, bias: Tensor, output: Tensor) -> None:
    """TFLite's check that the bias scale is input scale x filter scale, within 2 % of the output scale."""
    product = float(np.float32(input.scale)) * float(np.float32(filter.scale))
    difference = abs(product - float(np.float32(bias.scale))) / float(np.float32(output.scale))
    if not difference <= BIAS_SCALE_TOLERANCE:
        raise ctx.error(f"bias tensor '{bias.name}' has scale {bias.scale:g}, but input scale x filter scale "
                        f"is {product:g}; they must agree within {BIAS_SCALE_TOLERANCE:g} x the output scale "
                        f"{output.scale:g} (TFLite Micro refuses the model)")


def per_channel_multipliers(input: Tensor, filter: Tensor, output: Tensor,
                            channels: int) -> tuple[list[int], list[int]]:
    """TFLite's PopulateConvolutionQuantizationParams: one (multiplier, shift) per channel.

    The product input_scale * filter_scale / output_scale is formed in double from the
    float32 scales, as TFLite does.
    """
    mults, shifts = [], []
    for c in range(channels):
        fs = filter.scales[c] if len(filter.scales) > 1 else filter.scales[0]
        real = float(np.float32(input.scale)) * float(np.float32(fs)) / float(np.float32(output.scale))
        m, s = quantize_multiplier(real)
        mults.append(m)
        shifts.append(s)
    return mults, shifts


def per_tensor_multiplier(input: Tensor, filter: Tensor, output: Tensor) -> tuple[int, int]:
    """TFLite's GetQuantizedConvolutionMultipler: the scale product in float32, the division in double."""
    product = float(np.float32(input.scale) * np.float32(filter.scale))
    return quantize_multiplier(product / float(np.float32(output.scale)))
