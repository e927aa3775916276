"""TFLite's requantization of a per-channel accumulator as a three-stage pipeline: one result per cycle.

Where :class:`~cfu.gateware.blocks.requant.RequantizeInstruction` computes one value per instruction, this
block sits inside an accelerator and takes a new accumulator every cycle (bias added, then
:func:`~cfu.tflite_math.requantize`), so four channels cost four cycles plus the pipeline depth.
"""

from amaranth import Module, Mux, Signal, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ...tflite_math import requantize, to_int32
from .requant import RoundingDivideByPOT, SaturatingRoundingDoublingHighMul

__all__ = ["RequantizePipeline", "requantize_with_bias", "SHIFT_WIDTH"]

#: TFLite's per-channel shift, -31..30 in practice; 6 signed bits as the requantize instruction holds it.
SHIFT_WIDTH = 6


def requantize_with_bias(acc: int, bias: int, multiplier: int, shift: int, output_offset: int,
                         act_min: int, act_max: int) -> int:
    """Reference model: ``requantize(acc + bias, ...)`` with int32 wrap-around of the sum, as the C kernels."""
    return requantize(to_int32(acc + bias), multiplier, shift, output_offset, act_min, act_max)


class RequantizePipeline(wiring.Component):
    """:func:`requantize_with_bias` in three register stages; ``tag`` travels with the value.

    Attributes
    ----------
    valid : In(1)
        The inputs below hold a value to requantize this cycle.
    acc, bias, multiplier : In(signed(32))
        Accumulator, the channel's bias and its Q31 multiplier.
    shift : In(signed(6))
        The channel's shift (left when positive, right when negative).
    output_offset : In(signed(9)); act_min, act_max : In(signed(16))
        Output zero point and activation clamp; they must stay put while values are in flight.
    tag : In(4)
        Carried to ``out_tag`` unchanged (e.g. the byte lane of the result).
    out_valid : Out(1)
        ``out_value`` and ``out_tag`` hold a result, three cycles after its ``valid``.
    out_value : Out(signed(16))
        The clamped result (in ``[act_min, act_max]``).
    """

    valid: In(1)
    acc: In(signed(32))
    bias: In(signed(32))
    multiplier: In(signed(32))
    shift: In(signed(SHIFT_WIDTH))
    output_offset: In(signed(9))
    act_min: In(signed(16))
    act_max: In(signed(16))
    tag: In(4)
    out_valid: Out(1)
    out_value: Out(signed(16))
    out_tag: Out(4)

    def elaborate(self, platform):
        m = Module()
        m.submodules.high_mul = high_mul = SaturatingRoundingDoublingHighMul()
        m.submodules.divide = divide = RoundingDivideByPOT()

        # Stage 1: bias and the left shift (int32 wrap-around, as in C).
        total = Signal(signed(32))
        left_shift = Signal(5)
        m.d.comb += [
            total.eq(self.acc + self.bias),
            left_shift.eq(Mux(self.shift > 0, self.shift, 0)),
        ]
        s1_valid, s1_tag = Signal(), Signal(4)
        s1_value, s1_multiplier = Signal(signed(32)), Signal(signed(32))
        s1_right_shift = Signal(6)
        m.d.sync += [
            s1_valid.eq(self.valid), s1_tag.eq(self.tag),
            s1_value.eq((total << left_shift)[:32]), s1_multiplier.eq(self.multiplier),
            s1_right_shift.eq(Mux(self.shift > 0, 0, -self.shift)),
        ]

        # Stage 2: the saturating rounding doubling high multiply.
        m.d.comb += [high_mul.a.eq(s1_value), high_mul.b.eq(s1_multiplier)]
        s2_valid, s2_tag = Signal(), Signal(4)
        s2_high = Signal(signed(32))
        s2_right_shift = Signal(6)
        m.d.sync += [s2_valid.eq(s1_valid), s2_tag.eq(s1_tag), s2_high.eq(high_mul.result),
                     s2_right_shift.eq(s1_right_shift)]

        # Stage 3: rounding right shift, output offset, activation clamp.
        m.d.comb += [divide.x.eq(s2_high), divide.exponent.eq(s2_right_shift)]
        offset_value = Signal(signed(32))
        above_min = Signal(signed(32))
        m.d.comb += [
            offset_value.eq(divide.result + self.output_offset),
            above_min.eq(Mux(offset_value < self.act_min, self.act_min, offset_value)),
        ]
        m.d.sync += [
            self.out_valid.eq(s2_valid), self.out_tag.eq(s2_tag),
            self.out_value.eq(Mux(above_min > self.act_max, self.act_max, above_min)),
        ]
        return m
