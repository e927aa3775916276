"""proj_template: a small CFU to copy when starting a project.

Three instructions show the three kinds there are:

=======  ============  =================================================================
funct3   instruction   kind
=======  ============  =================================================================
0        Add           combinational: answers in the cycle it is issued
1        Multiply      multi-cycle: a shift-and-add multiplier, 1 to 32 cycles
2        Mac4          stateful: accumulates four-lane int8 dot products with an offset
=======  ============  =================================================================

Each instruction has a reference model: the toolkit verifies the gateware, the C emulation
(``src/software_cfu.c``) and the simulators against it. ``make PROJ=proj_template test`` runs the checks.
"""

from amaranth import Module, Signal, signed

from cfu.gateware import Cfu, Instruction, MASK32, to_signed, to_unsigned
from cfu.gateware.blocks import Mac4, mac4
from cfu.gateware.blocks.mac import OFFSET_WIDTH


class Add(Instruction):
    """funct7 = 1: ``in0 - in1``; any other funct7: ``in0 + in1`` (modulo 2**32)."""

    funct7_values = (0, 1)

    def reference_model(self):
        return lambda funct7, in0, in1: (in0 - in1 if funct7 == 1 else in0 + in1) & MASK32

    def elaborate(self, platform):
        m = Module()
        with m.If(self.funct7 == 1):
            m.d.comb += self.result.eq(self.in0 - self.in1)
        with m.Else():
            m.d.comb += self.result.eq(self.in0 + self.in1)
        m.d.comb += self.done.eq(self.start)
        return m


class Multiply(Instruction):
    """The low 32 bits of ``in0 * in1``, one multiplier bit per cycle, stopping early when the rest are zero."""

    max_latency = 33

    def reference_model(self):
        return lambda funct7, in0, in1: (in0 * in1) & MASK32

    def elaborate(self, platform):
        m = Module()
        multiplicand = Signal(32)
        multiplier = Signal(32)
        product = Signal(32)
        busy = Signal()
        with m.If(self.start):
            m.d.sync += [multiplicand.eq(self.in0), multiplier.eq(self.in1), product.eq(0), busy.eq(1)]
        with m.Elif(busy & (multiplier == 0)):
            m.d.sync += busy.eq(0)
            m.d.comb += [self.done.eq(1), self.result.eq(product)]
        with m.Elif(busy):
            with m.If(multiplier[0]):
                m.d.sync += product.eq(product + multiplicand)
            m.d.sync += [multiplicand.eq(multiplicand << 1), multiplier.eq(multiplier >> 1)]
        return m


class Mac4Accumulate(Instruction):
    """An accumulator of four-lane int8 dot products (see :func:`cfu.gateware.blocks.mac4`).

    ======  ====================================================  =====================
    funct7  does                                                  returns
    ======  ====================================================  =====================
    0       offset = in0 as a signed 9-bit number; acc = 0        0
    1       acc += mac4(in0, in1, offset)                         the new acc
    other   nothing                                               acc
    ======  ====================================================  =====================
    """

    funct7_values = (0, 1, 2)

    def reference_model(self):
        return _Mac4AccumulateModel()

    def elaborate(self, platform):
        m = Module()
        m.submodules.mac = mac = Mac4()
        offset = Signal(signed(OFFSET_WIDTH))
        acc = Signal(32)
        m.d.comb += [mac.a.eq(self.in0), mac.b.eq(self.in1), mac.offset.eq(offset), self.done.eq(self.start)]
        with m.Switch(self.funct7):
            with m.Case(0):
                m.d.comb += self.result.eq(0)
                with m.If(self.start):
                    m.d.sync += [offset.eq(self.in0[:OFFSET_WIDTH]), acc.eq(0)]
            with m.Case(1):
                m.d.comb += self.result.eq(acc + mac.sum)
                with m.If(self.start):
                    m.d.sync += acc.eq(acc + mac.sum)
            with m.Default():
                m.d.comb += self.result.eq(acc)
        return m


class _Mac4AccumulateModel:
    """Reference model of :class:`Mac4Accumulate`."""

    def __init__(self):
        self.offset = 0
        self.acc = 0

    def __call__(self, funct7: int, in0: int, in1: int) -> int:
        if funct7 == 0:
            self.offset, self.acc = to_signed(in0, OFFSET_WIDTH), 0
            return 0
        if funct7 == 1:
            self.acc = to_unsigned(self.acc + mac4(in0, in1, self.offset))
        return self.acc


def make_cfu() -> Cfu:
    """The project's CFU: funct3 slot to instruction."""
    return Cfu({0: Add(), 1: Multiply(), 2: Mac4Accumulate()})
