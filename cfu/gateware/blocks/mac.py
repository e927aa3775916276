"""Four-lane signed int8 multiply-accumulate with an input offset: the core of conv and FC accelerators."""

from amaranth import Module, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..instruction import to_signed

__all__ = ["Mac4", "mac4", "OFFSET_WIDTH"]

#: Width of the input offset: TFLite's ``-input_zero_point`` lies in [-127, 128].
OFFSET_WIDTH = 9


def mac4(a: int, b: int, offset: int) -> int:
    """Reference model: ``sum((a[i] + offset) * b[i])`` over the four signed bytes of ``a`` and ``b``."""
    return sum((to_signed(a >> (8 * lane), 8) + offset) * to_signed(b >> (8 * lane), 8) for lane in range(4))


class Mac4(wiring.Component):
    """Combinational ``sum((a[i] + offset) * b[i])`` over four signed int8 lanes.

    Attributes
    ----------
    a, b : In(32)
        Four packed signed bytes each; lane 0 is bits 7:0.
    offset : In(signed(9))
        Added to every lane of ``a`` before the multiply (TFLite's input offset).
    sum : Out(signed(20))
        The dot product; 20 bits hold every possible value.
    """

    a: In(32)
    b: In(32)
    offset: In(signed(OFFSET_WIDTH))
    sum: Out(signed(20))

    def elaborate(self, platform):
        m = Module()
        products = []
        for lane in range(4):
            a_lane = self.a.word_select(lane, 8).as_signed()
            b_lane = self.b.word_select(lane, 8).as_signed()
            products.append((a_lane + self.offset) * b_lane)
        m.d.comb += self.sum.eq(sum(products))
        return m
