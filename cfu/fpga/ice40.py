"""iCE40 flow: Yosys, nextpnr-ice40, icepack."""

from __future__ import annotations

from soc.board import Board

from .gateware import SocGateware, ice40_clock_constraints
from .implementation import Implementation, placed_usage
from .nextpnr import place_and_route
from .tools import find_tool, relative_to, run_tool
from .yosys import synthesize


def implement(target: Board, gateware: SocGateware) -> Implementation:
    """Synthesise, place and route and pack ``gateware`` for ``target``; the bitstream is ``<top>.bin``."""
    workdir = gateware.directory
    synth = synthesize("ice40", gateware.sources, gateware.top, workdir, gateware.top)
    asc, binary = workdir / f"{gateware.top}.asc", workdir / f"{gateware.top}.bin"
    pnr = place_and_route(target.device, synth.netlist, ice40_clock_constraints(gateware), target.clock_mhz,
                          asc, workdir)
    result = Implementation(placed_usage(target.device, pnr, synth.cells_by_type), pnr.clocks,
                            seconds={"yosys": synth.run.seconds, "nextpnr": pnr.run.seconds}, placed=pnr.placed)
    if pnr.placed:
        pack = run_tool([find_tool("icepack"), str(relative_to(asc, workdir)), str(relative_to(binary, workdir))],
                        workdir / "icepack.log", workdir)
        result.seconds["icepack"] = pack.seconds
        result.outputs["bitstream"] = binary
    return result
