"""Verilog generation of a CFU as module ``Cfu`` with the port names LiteX's ``add_cfu`` expects."""

from pathlib import Path

from amaranth import ClockDomain, Module
from amaranth.back import verilog
from amaranth.lib import wiring
from amaranth.lib.wiring import In

from .cfu import Cfu

__all__ = ["cfu_verilog", "write_cfu_verilog"]


class _ClockedCfu(wiring.Component):
    """Exposes the CFU's bus plus ``clk`` and ``reset`` ports driving its ``sync`` domain."""

    def __init__(self, cfu: Cfu):
        self._cfu = cfu
        super().__init__(wiring.Signature({
            "clk": In(1),
            "reset": In(1),
            **dict(cfu.signature.members.items()),
        }))

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
    path = Path(path)
    text = cfu_verilog(cfu)
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
