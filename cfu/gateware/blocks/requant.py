"""TFLite's integer requantization: saturating rounding doubling high multiply, rounding divide by a
power of two, output offset and activation clamp, bit-exact with TFLite's reference integer math."""

from amaranth import Module, Mux, Signal, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ...tflite_math import (INT32_MAX, INT32_MIN, multiply_by_quantized_multiplier, requantize,
                           rounding_divide_by_pot, saturating_rounding_doubling_high_mul)
from ..instruction import Instruction, to_signed, to_unsigned

__all__ = [
    "saturating_rounding_doubling_high_mul", "rounding_divide_by_pot", "multiply_by_quantized_multiplier",
    "requantize", "SaturatingRoundingDoublingHighMul", "RoundDoublingHighProduct", "saturates",
    "RoundingDivideByPOT", "RequantizeInstruction",
]

class SaturatingRoundingDoublingHighMul(wiring.Component):
    """Combinational :func:`saturating_rounding_doubling_high_mul` of two int32 values."""

    a: In(signed(32))
    b: In(signed(32))
    result: Out(signed(32))

    def elaborate(self, platform):
        m = Module()
        m.submodules.round = round_high = RoundDoublingHighProduct()
        m.d.comb += [
            round_high.product.eq(self.a * self.b),
            round_high.saturate.eq(saturates(self.a, self.b)),
            self.result.eq(round_high.result),
        ]
        return m


def saturates(a, b):
    """Whether :func:`saturating_rounding_doubling_high_mul` of ``a`` and ``b`` saturates (both INT32_MIN)."""
    return (a == INT32_MIN) & (b == INT32_MIN)


class RoundDoublingHighProduct(wiring.Component):
    """The second half of :class:`SaturatingRoundingDoublingHighMul`, combinational: the rounded high word of
    ``2 * product``, or INT32_MAX when ``saturate`` (see :func:`saturates`). Split off so that a pipeline can
    register the product in between."""

    product: In(signed(64))
    saturate: In(1)
    result: Out(signed(32))

    def elaborate(self, platform):
        m = Module()
        total = Signal(signed(64))
        m.d.comb += total.eq(self.product + Mux(self.product >= 0, 1 << 30, 1 - (1 << 30)))
        # An arithmetic shift floors; adding 2**31 - 1 first makes it truncate toward zero.
        truncated = (total + Mux(total < 0, (1 << 31) - 1, 0)) >> 31
        m.d.comb += self.result.eq(Mux(self.saturate, INT32_MAX, truncated[:32]))
        return m


class RoundingDivideByPOT(wiring.Component):
    """Combinational :func:`rounding_divide_by_pot` for exponents 0 to 32."""

    x: In(signed(32))
    exponent: In(6)
    result: Out(signed(32))

    def elaborate(self, platform):
        m = Module()
        mask = Signal(33)
        remainder = Signal(33)
        threshold = Signal(33)
        m.d.comb += [
            mask.eq((1 << self.exponent) - 1),
            remainder.eq(self.x.as_unsigned() & mask),
            threshold.eq((mask >> 1) + (self.x < 0)),
            self.result.eq((self.x >> self.exponent) + (remainder > threshold)),
        ]
        return m


class RequantizeInstruction(Instruction):
    """The requantization pipeline as a stateful two-cycle CFU instruction.

    ======  ================================================================  ========
    funct7  does                                                              returns
    ======  ================================================================  ========
    0       multiplier = in0; shift = in1 (signed, -31..30)                   0
    1       output_offset = in0; act_min = in1[15:0]; act_max = in1[31:16]    0
    2       :func:`requantize` of in0 with the stored parameters (any other)  result
    ======  ================================================================  ========
    """

    funct7_values = (0, 1, 2)
    max_latency = 2

    def reference_model(self):
        return _RequantizeModel()

    def elaborate(self, platform):
        m = Module()
        m.submodules.high_mul = high_mul = SaturatingRoundingDoublingHighMul()
        m.submodules.divide = divide = RoundingDivideByPOT()

        multiplier = Signal(signed(32))
        shift = Signal(signed(6))
        output_offset = Signal(signed(32))
        act_min = Signal(signed(16))
        act_max = Signal(signed(16))
        high = Signal(signed(32))
        pending = Signal()

        left_shift = Signal(5)
        right_shift = Signal(6)
        m.d.comb += [
            left_shift.eq(Mux(shift > 0, shift, 0)),
            right_shift.eq(Mux(shift > 0, 0, -shift)),
            high_mul.a.eq((self.in0 << left_shift)[:32]),
            high_mul.b.eq(multiplier),
            divide.x.eq(high),
            divide.exponent.eq(right_shift),
        ]

        m.d.sync += pending.eq(0)
        with m.If(self.start):
            with m.Switch(self.funct7):
                with m.Case(0):
                    m.d.sync += [multiplier.eq(self.in0), shift.eq(self.in1[:6])]
                    m.d.comb += [self.done.eq(1), self.result.eq(0)]
                with m.Case(1):
                    m.d.sync += [output_offset.eq(self.in0), act_min.eq(self.in1[:16]), act_max.eq(self.in1[16:])]
                    m.d.comb += [self.done.eq(1), self.result.eq(0)]
                with m.Default():
                    m.d.sync += [high.eq(high_mul.result), pending.eq(1)]

        offset_result = Signal(signed(32))
        above_min = Signal(signed(32))
        clamped = Signal(signed(32))
        m.d.comb += [
            offset_result.eq(divide.result + output_offset),
            above_min.eq(Mux(offset_result < act_min, act_min, offset_result)),
            clamped.eq(Mux(above_min > act_max, act_max, above_min)),
        ]
        with m.If(pending):
            m.d.comb += [self.done.eq(1), self.result.eq(clamped)]
        return m


class _RequantizeModel:
    """Reference model of :class:`RequantizeInstruction`."""

    def __init__(self):
        self.multiplier = self.shift = self.output_offset = self.act_min = self.act_max = 0

    def __call__(self, funct7: int, in0: int, in1: int) -> int:
        if funct7 == 0:
            self.multiplier, self.shift = to_signed(in0), to_signed(in1, 6)
            return 0
        if funct7 == 1:
            self.output_offset = to_signed(in0)
            self.act_min, self.act_max = to_signed(in1, 16), to_signed(in1 >> 16, 16)
            return 0
        return to_unsigned(requantize(to_signed(in0), self.multiplier, self.shift,
                                      self.output_offset, self.act_min, self.act_max))
