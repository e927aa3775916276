"""Xilinx 7-series flow: Vivado when it is installed, else a Yosys ``synth_xilinx`` resource estimate."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from soc.board import Board

from .gateware import SocGateware
from .implementation import Implementation
from .resources import Usage, count_cells
from .tools import INSTALL_HINTS, run_tool
from .yosys import synthesize

#: Rows of Vivado's ``report_utilization`` table per resource kind (7-series names).
_VIVADO_ROWS = {"logic": "Slice LUTs", "ff": "Slice Registers", "bram": "Block RAM Tile", "dsp": "DSPs"}
#: First number under "WNS(ns)" in ``report_timing_summary``.
_WNS = re.compile(r"WNS\(ns\).*?\n\s*-+.*?\n\s*(-?\d+\.\d+)", re.S)


def has_vivado() -> bool:
    return shutil.which("vivado") is not None


def vivado_missing_message() -> str:
    return (f"vivado not found on PATH: no bitstream for the Arty. Showing a Yosys synth_xilinx estimate "
            f"(LUT/FF/BRAM/DSP, no timing). To build the bitstream: {INSTALL_HINTS['vivado']}")


def implement(target: Board, gateware: SocGateware) -> Implementation:
    """Run Vivado on LiteX's project script if Vivado is on PATH, else estimate with Yosys."""
    if has_vivado():
        return _vivado(target, gateware)
    synth = synthesize("xilinx", gateware.sources, gateware.top, gateware.directory, gateware.top)
    return Implementation(count_cells("xilinx", synth.cells_by_type, target.device.capacity),
                          seconds={"yosys": synth.run.seconds}, estimate=True)


def _vivado(target: Board, gateware: SocGateware) -> Implementation:
    workdir = gateware.directory
    run = run_tool(["vivado", "-mode", "batch", "-source", f"{gateware.top}.tcl"], workdir / "vivado.log", workdir)
    usage = read_vivado_utilization(workdir / f"{gateware.top}_utilization_place.rpt", target.device.capacity)
    wns = read_vivado_wns(workdir / f"{gateware.top}_timing.rpt")
    period_ns = 1000.0 / target.clock_mhz
    return Implementation(usage, {"sys_clk": (1000.0 / (period_ns - wns), target.clock_mhz)},
                          outputs={"bitstream": workdir / f"{gateware.top}.bit"}, seconds={"vivado": run.seconds})


def read_vivado_utilization(report: Path, capacity: dict[str, float]) -> dict[str, Usage]:
    """Resource use from a Vivado ``report_utilization`` file: the Used and Available columns."""
    text = report.read_text(errors="replace")
    usage = {kind: Usage(0, capacity.get(kind, 0)) for kind in ("logic", "ff", "bram", "dsp", "spram")}
    for kind, row in _VIVADO_ROWS.items():
        match = re.search(rf"^\|\s*{re.escape(row)}\s*\|(.*)\|\s*$", text, re.M)
        if match:
            # Columns: Used | Fixed | [Prohibited |] Available | Util% (Prohibited is new in Vivado 2020).
            cells = [c.strip() for c in match.group(1).split("|")]
            usage[kind] = Usage(float(cells[0]), float(cells[-2]))
    return usage


def read_vivado_wns(report: Path) -> float:
    """Worst negative slack (ns) of the design from a ``report_timing_summary`` file."""
    match = _WNS.search(report.read_text(errors="replace"))
    if match is None:
        raise ValueError(f"no WNS found in {report}")
    return float(match.group(1))
