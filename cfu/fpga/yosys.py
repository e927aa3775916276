"""Synthesis with Yosys: the script for a family, the run, and the cell counts it reports."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .tools import ToolRun, find_tool, relative_to, run_tool

#: ``synth_*`` command per family; ``-dsp`` maps multipliers onto the iCE40UP's SB_MAC16.
SYNTH_COMMANDS = {
    "ice40": "synth_ice40 -dsp",
    "ecp5": "synth_ecp5",
    "xilinx": "synth_xilinx -family xc7",
}


@dataclass(frozen=True)
class Synthesis:
    """A finished synthesis: the netlist, the cell counts by type, and the run."""

    netlist: Path
    cells_by_type: dict[str, int]
    run: ToolRun


def synth_script(family: str, sources: list[Path], top: str, netlist: Path, stat: Path) -> str:
    """Return a Yosys script synthesising ``sources`` for ``family``.

    ``$scopeinfo`` cells are deleted so that an older nextpnr (Debian's) can read a newer Yosys's netlist.
    """
    lines = [f"read_verilog -defer {src}" for src in sources]
    lines += [
        f"{SYNTH_COMMANDS[family]} -top {top}",
        "delete t:$scopeinfo",
        f"tee -q -o {stat} stat -json",
        "stat",
        f"write_json {netlist}",
    ]
    return "\n".join(lines) + "\n"


def read_stat(stat: Path) -> dict[str, int]:
    """Return the whole design's cell counts by type from a ``stat -json`` file."""
    data = json.loads(stat.read_text())
    return dict(data["design"]["num_cells_by_type"])


def synthesize(family: str, sources: list[Path], top: str, workdir: Path, name: str) -> Synthesis:
    """Synthesise ``top`` from ``sources`` for ``family`` in ``workdir``; files are named after ``name``."""
    workdir.mkdir(parents=True, exist_ok=True)
    netlist, stat, script = (workdir / f"{name}{ext}" for ext in (".json", "_stat.json", ".ys"))
    script.write_text(synth_script(family, [relative_to(s, workdir) for s in sources], top,
                                   Path(netlist.name), Path(stat.name)))
    run = run_tool([find_tool("yosys"), "-q", "-l", f"{name}_yosys.log", script.name],
                   workdir / f"{name}_yosys.stdout", workdir)
    return Synthesis(netlist, read_stat(stat), ToolRun(run.argv, workdir / f"{name}_yosys.log", run.seconds))
