"""Prepare-time helpers shared by operators: padding, output sizes, multipliers, activation."""

from __future__ import annotations

import numpy as np

from cfu.model.graph import Tensor
from cfu.model.ops.base import OpContext
from cfu.model.quant import activation_range, quantize_multiplier
from cfu.model.schema import schema

SUPPORTED_ACTIVATIONS = {
    schema.ActivationFunctionType.NONE: "NONE",
    schema.ActivationFunctionType.RELU: "RELU",
    schema.ActivationFunctionType.RELU_N1_TO_1: "RELU_N1_TO_1",
    schema.ActivationFunctionType.RELU6: "RELU6",
}


def out_size(padding: int, in_size: int, filter_size: int, stride: int, dilation: int) -> int:
    """TFLite's ComputeOutSize for SAME (0) / VALID (1) padding."""
    effective = (filter_size - 1) * dilation + 1
    if padding == schema.Padding.SAME:
        return (in_size + stride - 1) // stride
    return (in_size + stride - effective) // stride


def leading_padding(stride: int, dilation: int, in_size: int, filter_size: int,
                    out: int) -> int:
    """TFLite's ComputePaddingWithOffset: the top/left padding (the odd pixel goes bottom/right)."""
    effective = (filter_size - 1) * dilation + 1
    total = max((out - 1) * stride + effective - in_size, 0)
    return total // 2


def activation_bounds(ctx: OpContext, activation: int, output: Tensor) -> tuple[int, int]:
    """Clamp bounds of a fused activation on an int8 output."""
    if activation not in SUPPORTED_ACTIVATIONS:
        raise ctx.error(f"fused activation {activation} is not supported; supported: "
                        f"{', '.join(SUPPORTED_ACTIVATIONS.values())}")
    return activation_range(activation, output.scale, output.zero_point)


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
