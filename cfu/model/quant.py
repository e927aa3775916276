"""TFLite's integer quantization formulas in Python, written from their documented semantics.

`quantize_multiplier` is what TFLite Micro computes at Prepare time. The fixed-point requantization
math itself lives in :mod:`cfu.tflite_math`.
"""

from __future__ import annotations

import math

import numpy as np


def round_half_away(x: float) -> int:
    """C's round()/TfLiteRound: to nearest, ties away from zero."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def quantize_multiplier(real: float) -> tuple[int, int]:
    """TFLite's QuantizeMultiplier: real = q * 2^(shift - 31), q a Q31 value in [2^30, 2^31)."""
    if real == 0.0:
        return 0, 0
    mantissa, shift = math.frexp(real)
    q = round_half_away(mantissa * (1 << 31))
    assert q <= 1 << 31
    if q == 1 << 31:
        q //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return q, shift


def quantize_value(value: float, scale: float, zero_point: int) -> int:
    """TFLite's float->int8 rounding of one value, in float32 as TFLite does it."""
    return zero_point + round_half_away(float(np.float32(value) / np.float32(scale)))


def activation_range(activation: int, scale: float, zero_point: int,
                     qmin: int = -128, qmax: int = 127) -> tuple[int, int]:
    """TFLite's CalculateActivationRangeQuantized for a fused activation code.

    Codes are the schema's ActivationFunctionType: 0 NONE, 1 RELU, 2 RELU_N1_TO_1, 3 RELU6.
    """
    if activation == 0:
        return qmin, qmax
    if activation == 1:
        return max(qmin, quantize_value(0.0, scale, zero_point)), qmax
    if activation == 3:
        return (max(qmin, quantize_value(0.0, scale, zero_point)),
                min(qmax, quantize_value(6.0, scale, zero_point)))
    if activation == 2:
        return (max(qmin, quantize_value(-1.0, scale, zero_point)),
                min(qmax, quantize_value(1.0, scale, zero_point)))
    raise ValueError(f"unsupported fused activation {activation}")
