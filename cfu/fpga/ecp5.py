"""ECP5 flow: Yosys, nextpnr-ecp5, ecppack."""

from __future__ import annotations

from soc.board import Board

from .gateware import SocGateware
from .implementation import Implementation, placed_usage
from .nextpnr import place_and_route
from .tools import find_tool, relative_to, run_tool
from .yosys import synthesize


def implement(target: Board, gateware: SocGateware) -> Implementation:
    """Synthesise, place and route and pack ``gateware`` for ``target``; the bitstream is ``<top>.bit``.

    Clock constraints come from LiteX's ``.lpf`` (FREQUENCY lines).
    """
    workdir = gateware.directory
    synth = synthesize("ecp5", gateware.sources, gateware.top, workdir, gateware.top)
    config, bitstream = workdir / f"{gateware.top}.config", workdir / f"{gateware.top}.bit"
    pnr = place_and_route(target.device, synth.netlist, gateware.constraints, target.clock_mhz, config, workdir)
    result = Implementation(placed_usage(target.device, pnr, synth.cells_by_type), pnr.clocks,
                            seconds={"yosys": synth.run.seconds, "nextpnr": pnr.run.seconds}, placed=pnr.placed)
    if pnr.placed:
        pack = run_tool([find_tool("ecppack"), "--compress", "--input", str(relative_to(config, workdir)),
                         "--bit", str(relative_to(bitstream, workdir))], workdir / "ecppack.log", workdir)
        result.seconds["ecppack"] = pack.seconds
        result.outputs["bitstream"] = bitstream
    return result
