"""Run operations on an Amaranth CFU in Amaranth's own simulator."""

from amaranth.sim import Simulator

from ..gateware.cfu import Cfu
from .check import check_results, describe_failure
from .driver import CfuHang, CfuProtocolError, drive
from .vectors import Stimulus

__all__ = ["run_amaranth", "verify_amaranth"]


class _AmaranthBus:
    def __init__(self, ctx, cfu: Cfu):
        self._ctx = ctx
        self._cfu = cfu

    def set(self, name: str, value: int) -> None:
        self._ctx.set(getattr(self._cfu, name), value)

    async def get(self, name: str) -> int:
        return self._ctx.get(getattr(self._cfu, name))

    async def tick(self) -> None:
        await self._ctx.tick()


def run_amaranth(cfu: Cfu, stimuli: list[Stimulus], vcd_path=None) -> list[int]:
    """The CFU's answers to ``stimuli``; raises :class:`CfuHang` or :class:`CfuProtocolError`."""
    specs = cfu.specs()
    results: list[int] = []

    async def testbench(ctx):
        results.extend(await drive(_AmaranthBus(ctx, cfu), stimuli, specs))

    sim = Simulator(cfu)
    sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    if vcd_path:
        with sim.write_vcd(str(vcd_path)):
            sim.run()
    else:
        sim.run()
    return results


def verify_amaranth(cfu: Cfu, stimuli: list[Stimulus]) -> None:
    """Check the CFU against its reference models; raise :class:`CfuMismatch` on the first difference."""
    specs = cfu.specs()
    try:
        actual = run_amaranth(cfu, stimuli)
    except (CfuHang, CfuProtocolError) as failure:
        raise describe_failure(specs, failure, "amaranth") from None
    check_results(specs, stimuli, actual, "amaranth")
