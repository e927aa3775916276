"""Pipelined TFLite requantization: ``MultiplyByQuantizedMultiplier`` alone, and the whole output stage
(bias, per-channel requantization, output offset, activation clamp).

One value in per cycle. Bit-exact with :func:`cfu.tflite_math.multiply_by_quantized_multiplier` and
:func:`cfu.tflite_math.requantize` of ``acc + bias``.
"""

from amaranth import Cat, Module, Mux, Signal, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from .requant import RoundDoublingHighProduct, RoundingDivideByPOT, saturates

__all__ = ["QuantizedMultiplyPipeline", "RequantizePipeline", "MULTIPLY_LATENCY", "LATENCY"]

#: Cycles from ``in_valid`` to ``out_valid`` of :class:`QuantizedMultiplyPipeline`.
MULTIPLY_LATENCY = 4
#: Cycles from ``in_valid`` to ``out_valid`` of :class:`RequantizePipeline`.
LATENCY = MULTIPLY_LATENCY + 1


class QuantizedMultiplyPipeline(wiring.Component):
    """``MultiplyByQuantizedMultiplier(x, multiplier, shift)`` in four pipeline stages.

    ``multiplier`` and ``shift`` are sampled with ``x``; the result comes :data:`MULTIPLY_LATENCY` cycles
    later, when ``out_valid`` is high. ``in_tag`` travels along unchanged. Stages: the left shift; the 32x32
    product; its rounding to the doubled high word; the rounding right shift (each one cycle, so that the
    multiply has a cycle of its own).

    Attributes
    ----------
    in_valid, in_tag : In(1)
    x, multiplier : In(signed(32))
    shift : In(signed(6))
        -32 to 31: a left shift when positive, a rounding right shift (up to 32) otherwise.
    out_valid, out_tag : Out(1)
    result : Out(signed(32))
    busy : Out(1)
        A value is in flight.
    """

    in_valid: In(1)
    in_tag: In(1)
    x: In(signed(32))
    multiplier: In(signed(32))
    shift: In(signed(6))
    out_valid: Out(1)
    out_tag: Out(1)
    result: Out(signed(32))
    busy: Out(1)

    def elaborate(self, platform):
        m = Module()
        m.submodules.round = round_high = RoundDoublingHighProduct()
        m.submodules.divide = divide = RoundingDivideByPOT()
        valid = [Signal(name=f"valid{stage}") for stage in range(1, MULTIPLY_LATENCY)]
        tag = [Signal(name=f"tag{stage}") for stage in range(1, MULTIPLY_LATENCY)]
        right = [Signal(6, name=f"right{stage}") for stage in range(1, MULTIPLY_LATENCY)]
        m.d.sync += [valid[0].eq(self.in_valid), tag[0].eq(self.in_tag),
                     right[0].eq(Mux(self.shift > 0, 0, -self.shift))]
        for stage in range(1, MULTIPLY_LATENCY - 1):
            m.d.sync += [valid[stage].eq(valid[stage - 1]), tag[stage].eq(tag[stage - 1]),
                         right[stage].eq(right[stage - 1])]

        # Stage 1: the left shift.
        shifted = Signal(signed(32))
        multiplier = Signal(signed(32))
        m.d.sync += [shifted.eq((self.x << Mux(self.shift > 0, self.shift[:5], 0))[:32]),
                     multiplier.eq(self.multiplier)]

        # Stage 2: the product (and whether the doubled high word saturates).
        product = Signal(signed(64))
        saturate = Signal()
        m.d.sync += [product.eq(shifted * multiplier), saturate.eq(saturates(shifted, multiplier))]

        # Stage 3: the rounded doubled high word.
        high = Signal(signed(32))
        m.d.comb += [round_high.product.eq(product), round_high.saturate.eq(saturate)]
        m.d.sync += high.eq(round_high.result)

        # Stage 4: the rounding right shift.
        m.d.comb += [divide.x.eq(high), divide.exponent.eq(right[-1])]
        m.d.sync += [self.out_valid.eq(valid[-1]), self.out_tag.eq(tag[-1]), self.result.eq(divide.result)]
        m.d.comb += self.busy.eq(Cat(*valid).any() | self.out_valid)
        return m


class RequantizePipeline(wiring.Component):
    """``clamp(MultiplyByQuantizedMultiplier(acc + bias, multiplier, shift) + output_offset)``, pipelined.

    The per-channel values (``bias``, ``multiplier``, ``shift``) come with each accumulator; the
    per-layer ones (``output_offset``, ``act_min``, ``act_max``) must hold while values are in flight.
    ``out_valid`` comes :data:`LATENCY` cycles after ``in_valid``; ``acc + bias`` shares the first stage
    with the left shift.
    ``in_tag`` travels along unchanged (e.g. "last value of a pixel").

    Attributes
    ----------
    in_valid : In(1)
    acc, bias, multiplier : In(signed(32))
    shift : In(signed(6))
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
        m.submodules.scale = scale = QuantizedMultiplyPipeline()
        m.d.comb += [
            scale.in_valid.eq(self.in_valid), scale.in_tag.eq(self.in_tag),
            scale.x.eq(self.acc + self.bias), scale.multiplier.eq(self.multiplier), scale.shift.eq(self.shift),
        ]
        # Last stage: output offset and activation clamp.
        offset = Signal(signed(32))  # wraps as TFLite's int32 addition does
        above_min = Signal(signed(32))
        m.d.comb += [
            offset.eq(scale.result + self.output_offset),
            above_min.eq(Mux(offset < self.act_min, self.act_min, offset)),
        ]
        m.d.sync += [
            self.out_valid.eq(scale.out_valid), self.out_tag.eq(scale.out_tag),
            self.value.eq(Mux(above_min > self.act_max, self.act_max, above_min)),
        ]
        m.d.comb += self.busy.eq(scale.busy | self.out_valid)
        return m
