"""TFLite's integer quantization formulas in Python, written from their documented semantics.

`quantize_multiplier` is what TFLite Micro computes at Prepare time. The fixed-point requantization
math itself lives in :mod:`cfu.tflite_math`.
"""

from __future__ import annotations

import math

import numpy as np


#: The value range of each integer tensor type.
INTEGER_RANGES = {"int8": (-128, 127), "uint8": (0, 255), "int16": (-32768, 32767), "int32": (-2**31, 2**31 - 1)}


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


def effective_scale(a: float, b: float, c: float) -> float:
    """a x b / c of float32 scales, each widened to double first (TFLite Micro's SVDF, LSTM and LEAKY_RELU
    Prepare: a float32 product rounds some multipliers one step differently)."""
    return float(np.float32(a)) * float(np.float32(b)) / float(np.float32(c))


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


def _round_float32(x: np.float32) -> np.float32:
    """TfLiteRound on a float32: to nearest, ties away from zero."""
    return np.float32(round_half_away(float(x)))


def checked_log2(x: float) -> tuple[bool, int]:
    """TFLite's CheckedLog2 in float32: (whether x is a power of two within 1e-3 of an exponent, the
    rounded exponent)."""
    log2 = np.float32(np.log(np.float32(x))) * (np.float32(1.0) / np.float32(np.log(np.float32(2.0))))
    rounded = _round_float32(np.float32(log2))
    return bool(abs(np.float32(log2) - rounded) < np.float32(1e-3)), int(rounded)


def int16_lut(func, input_min: float, input_max: float, output_min: float = -1.0,
              output_max: float = 1.0) -> list[int]:
    """TFLite's gen_lut<float, int16_t, int16_t> (Prepare of the int16 SOFTMAX): 512 samples of `func` over
    [input_min, input_max] on the int16 range, each biased by half the interpolation error at its segment's
    midpoint, and the value at input_max for the last slope; float32 arithmetic throughout. `func` maps a
    float32 to a float32."""
    f32 = np.float32
    steps = 512
    step = (f32(input_max) - f32(input_min)) / f32(steps)
    half_step = step / f32(2)
    scaling_inv = f32(65536) / (f32(output_max) - f32(output_min))

    def clamp(v: np.float32) -> int:
        return int(min(max(v, f32(-32768)), f32(32767)))

    lut = []
    for i in range(steps):
        x = f32(input_min) + f32(i) * step
        value, midpoint, following = func(x), func(x + half_step), func(f32(input_min) + f32(i + 1) * step)
        sample = _round_float32(value * scaling_inv)
        interpolated = _round_float32((following * scaling_inv + sample) / f32(2))
        error = interpolated - _round_float32(midpoint * scaling_inv)
        lut.append(clamp(sample - _round_float32(error / f32(2))))
    lut.append(clamp(_round_float32(func(f32(input_max)) * scaling_inv)))
    return lut


def float32_exp(x: np.float32) -> np.float32:
    """exp of a float32, correctly rounded to float32 (what C's expf gives)."""
    return np.float32(math.exp(float(x)))


def float32_one_over_one_plus(x: np.float32) -> np.float32:
    """1 / (1 + x) in float32."""
    return np.float32(1.0) / (np.float32(1.0) + x)


def sigmoid_table() -> list[int]:
    """TFLite's table of the int16 LOGISTIC and TANH: sigmoid(i / 24) in unsigned Q0.16, i = 0..255.

    Each entry is the sample less half the error of linear interpolation at its segment's midpoint (the
    rule of TFLite's gen_lut, without its intermediate roundings), rounded; the last is 65535, the saturated
    value the kernels give beyond it. Matched against all of TFLite Micro's int16 inputs in the tests.
    """
    def sigmoid(x: float) -> float:
        return 65536.0 / (1.0 + math.exp(-x))

    table = []
    for i in range(255):
        value, following, midpoint = sigmoid(i / 24), sigmoid((i + 1) / 24), sigmoid((i + 0.5) / 24)
        table.append(round_half_away(value - ((following + value) / 2 - midpoint) / 2))
    return table + [65535]
