"""A pipelined TFLite output stage: bias, per-channel requantization, output offset, activation clamp.

One accumulator in per cycle, one int8 out three cycles later, bit-exact with
:func:`cfu.tflite_math.requantize` of ``acc + bias``.
"""

from amaranth import Module, Mux, Signal, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from .requant import RoundingDivideByPOT, SaturatingRoundingDoublingHighMul

__all__ = ["RequantizePipeline", "LATENCY"]

#: Cycles from ``in_valid`` to ``out_valid``.
LATENCY = 3


class RequantizePipeline(wiring.Component):
    """``clamp(MultiplyByQuantizedMultiplier(acc + bias, multiplier, shift) + output_offset)``, pipelined.

    The per-channel values (``bias``, ``multiplier``, ``shift``) come with each accumulator; the
    per-layer ones (``output_offset``, ``act_min``, ``act_max``) must hold while values are in flight.
    ``in_tag`` travels along unchanged (e.g. "last value of a pixel").

    Attributes
    ----------
    in_valid : In(1)
    acc, bias, multiplier : In(signed(32))
    shift : In(signed(6))
        -32 to 31: a left shift when positive, a rounding right shift (up to 32) otherwise.
    in_tag : In(1)
    output_offset : In(signed(9))
    act_min, act_max : In(signed(8))
    out_valid : Out(1)
    value : Out(signed(8))
    out_tag : Out(1)
    busy : Out(1)
        A value is in flight.
    """

    in_valid: In(1)
    acc: In(signed(32))
    bias: In(signed(32))
    multiplier: In(signed(32))
    shift: In(signed(6))
    in_tag: In(1)
    output_offset: In(signed(9))
    act_min: In(signed(8))
    act_max: In(signed(8))
    out_valid: Out(1)
    value: Out(signed(8))
    out_tag: Out(1)
    busy: Out(1)

    def elaborate(self, platform):
        m = Module()
        m.submodules.high_mul = high_mul = SaturatingRoundingDoublingHighMul()
        m.submodules.divide = divide = RoundingDivideByPOT()

        # Stage 1: add the bias, apply a left shift.
        valid1, tag1 = Signal(), Signal()
        shifted = Signal(signed(32))
        multiplier1 = Signal(signed(32))
        right1 = Signal(6)
        biased = Signal(signed(32))
        m.d.comb += biased.eq(self.acc + self.bias)
        m.d.sync += [
            valid1.eq(self.in_valid), tag1.eq(self.in_tag),
            shifted.eq((biased << Mux(self.shift > 0, self.shift[:5], 0))[:32]),
            multiplier1.eq(self.multiplier),
            right1.eq(Mux(self.shift > 0, 0, -self.shift)),
        ]

        # Stage 2: the saturating rounding doubling high multiply.
        valid2, tag2 = Signal(), Signal()
        high = Signal(signed(32))
        right2 = Signal(6)
        m.d.comb += [high_mul.a.eq(shifted), high_mul.b.eq(multiplier1)]
        m.d.sync += [valid2.eq(valid1), tag2.eq(tag1), high.eq(high_mul.result), right2.eq(right1)]

        # Stage 3: rounding right shift, output offset, activation clamp.
        offset = Signal(signed(32))  # wraps as TFLite's int32 addition does
        above_min = Signal(signed(32))
        m.d.comb += [
            divide.x.eq(high), divide.exponent.eq(right2),
            offset.eq(divide.result + self.output_offset),
            above_min.eq(Mux(offset < self.act_min, self.act_min, offset)),
        ]
        m.d.sync += [
            self.out_valid.eq(valid2), self.out_tag.eq(tag2),
            self.value.eq(Mux(above_min > self.act_max, self.act_max, above_min)),
        ]
        m.d.comb += self.busy.eq(valid1 | valid2 | self.out_valid)
        return m
