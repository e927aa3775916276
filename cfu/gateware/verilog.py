"""Verilog generation of a CFU as module ``Cfu`` with the port names LiteX's ``add_cfu`` expects."""

from pathlib import Path

from amaranth import ClockDomain, Module, Shape
from amaranth.back import verilog
from amaranth.lib import wiring
from amaranth.lib.wiring import In

from ..files import write_if_changed
from .cfu import Cfu, CfuSignature

__all__ = ["CLOCK_PORTS", "cfu_module_ports", "cfu_verilog", "write_cfu_verilog"]

#: The ports of module ``Cfu`` besides the bus: they drive its ``sync`` domain.
CLOCK_PORTS = {"clk": In(1), "reset": In(1)}


def cfu_module_ports() -> dict[str, tuple[str, int]]:
    """Port name -> (``"input"`` or ``"output"``, width) of module ``Cfu``: clock ports, then :class:`CfuSignature`."""
    members = {**CLOCK_PORTS, **dict(CfuSignature().members.items())}
    return {name: ("input" if member.flow == wiring.In else "output", Shape.cast(member.shape).width)
            for name, member in members.items()}


class _ClockedCfu(wiring.Component):
    """Exposes the CFU's bus plus ``clk`` and ``reset`` ports driving its ``sync`` domain."""

    def __init__(self, cfu: Cfu):
        self._cfu = cfu
        super().__init__(wiring.Signature({**CLOCK_PORTS, **dict(cfu.signature.members.items())}))

    def elaborate(self, platform):
        m = Module()
        m.domains.sync = sync = ClockDomain()
        m.d.comb += [sync.clk.eq(self.clk), sync.rst.eq(self.reset)]
        m.submodules.cfu = cfu = self._cfu
        for name, member in cfu.signature.members.items():
            outer, inner = getattr(self, name), getattr(cfu, name)
            if member.flow == wiring.In:
                m.d.comb += inner.eq(outer)
            else:
                m.d.comb += outer.eq(inner)
        return m


def cfu_verilog(cfu: Cfu) -> str:
    """Return the Verilog text of module ``Cfu``."""
    return verilog.convert(_ClockedCfu(cfu), name="Cfu", emit_src=False)


def write_cfu_verilog(cfu: Cfu, path) -> None:
    """Write module ``Cfu`` to ``path``, leaving the file untouched if its text would not change."""
    write_if_changed(Path(path), cfu_verilog(cfu))
