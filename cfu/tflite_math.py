"""TFLite's integer requantization math in Python: the one reference the gateware blocks, the model importer
and the C kernels' tests are checked against (bit-exact with TFLite's reference integer formulas)."""

__all__ = ["INT32_MIN", "INT32_MAX", "to_int32", "saturating_rounding_doubling_high_mul", "rounding_divide_by_pot",
           "multiply_by_quantized_multiplier", "requantize"]

INT32_MIN = -(1 << 31)
INT32_MAX = (1 << 31) - 1


def to_int32(value: int) -> int:
    """Wrap to a two's complement 32-bit value, as C's int32 arithmetic does on these CPUs."""
    return (value + (1 << 31)) % (1 << 32) - (1 << 31)


def saturating_rounding_doubling_high_mul(a: int, b: int) -> int:
    """High 32 bits of ``2*a*b``, rounded to nearest; the one overflow (``INT32_MIN**2``) saturates."""
    if a == b == INT32_MIN:
        return INT32_MAX
    product = a * b
    nudge = (1 << 30) if product >= 0 else 1 - (1 << 30)
    total = product + nudge
    quotient = abs(total) >> 31  # C's division truncates toward zero
    return quotient if total >= 0 else -quotient


def rounding_divide_by_pot(x: int, exponent: int) -> int:
    """``x / 2**exponent`` rounded to nearest, ties away from zero."""
    mask = (1 << exponent) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> exponent) + (1 if remainder > threshold else 0)


def multiply_by_quantized_multiplier(x: int, multiplier: int, shift: int) -> int:
    """TFLite's ``MultiplyByQuantizedMultiplier`` (double rounding, as TFLite Micro builds by default)."""
    left_shift = max(shift, 0)
    right_shift = max(-shift, 0)
    shifted = to_int32(x * (1 << left_shift))
    return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(shifted, multiplier), right_shift)


def requantize(acc: int, multiplier: int, shift: int, output_offset: int, act_min: int, act_max: int) -> int:
    """An int32 accumulator scaled to the output's quantization, offset and clamped."""
    scaled = to_int32(multiply_by_quantized_multiplier(acc, multiplier, shift) + output_offset)
    return min(max(scaled, act_min), act_max)
