"""Place and route with nextpnr (iCE40, ECP5): argument lists and the JSON report it writes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from soc.board import Device

from ..errors import CfuError
from .tools import ToolRun, find_tool, relative_to, run_tool

#: A line of nextpnr's "Device utilisation" block, e.g. ``Info:   ICESTORM_LC:  6596/  5280   124%``.
_UTILISATION_LINE = re.compile(r"^Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%", re.M)


#: nextpnr's constant nets, listed as clocks when a clock input is tied off; not clocks of the design.
_CONSTANT_NETS = ("$PACKER_GND_NET", "$PACKER_VCC_NET")


@dataclass(frozen=True)
class PlaceRoute:
    """A place and route: utilisation by cell as (used, available), clocks as (achieved, constraint) MHz.

    ``placed`` is False when the design did not fit: then ``utilization`` comes from the log's packing
    summary, ``clocks`` is empty and no bitstream was written.
    """

    utilization: dict[str, tuple[int, int]]
    clocks: dict[str, tuple[float, float]]
    run: ToolRun
    placed: bool = True


def nextpnr_argv(device: Device, netlist: Path, constraints: Path, clock_mhz: float, output: Path,
                 report: Path) -> list[str]:
    """Return nextpnr's arguments (without the executable) for ``device``.

    ``clock_mhz`` constrains the clocks ``constraints`` leaves unconstrained. The seed is fixed, so a
    build is reproducible. Timing failure is allowed here: the toolkit reads Fmax from the report and
    decides itself, so that a near miss still gives a bitstream and a number.
    """
    argv = ["--json", str(netlist), "--freq", f"{clock_mhz:g}", "--report", str(report),
            "--seed", "1", "--timing-allow-fail"]
    if device.family == "ice40":
        argv += [f"--{device.part}", "--package", device.package, "--pcf", str(constraints), "--asc", str(output)]
    elif device.family == "ecp5":
        argv += [f"--{device.part}", "--package", device.package, "--lpf", str(constraints),
                 "--textcfg", str(output)]
    else:
        raise ValueError(f"nextpnr has no flow for family {device.family!r}")
    return argv


def read_report(report: Path) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[float, float]]]:
    """Return (cell -> (used, available), clock -> (achieved, constraint) MHz) from a ``--report`` file."""
    data = json.loads(report.read_text())
    utilization = {cell: (u["used"], u["available"]) for cell, u in data["utilization"].items()}
    clocks = {clock: (f["achieved"], f["constraint"]) for clock, f in data.get("fmax", {}).items()
              if not clock.startswith(_CONSTANT_NETS)}
    return utilization, clocks


def read_log_utilisation(log: Path) -> dict[str, tuple[int, int]]:
    """Return cell -> (used, available) from the "Device utilisation" lines of a nextpnr log."""
    return {cell: (int(used), int(available))
            for cell, used, available in _UTILISATION_LINE.findall(log.read_text(errors="replace"))}


def place_and_route(device: Device, netlist: Path, constraints: Path, clock_mhz: float, output: Path,
                    workdir: Path) -> PlaceRoute:
    """Run nextpnr for ``device`` in ``workdir`` and return its utilisation and Fmax.

    A design that does not fit makes nextpnr stop after packing: the result then has ``placed`` False
    and the packing summary of the log, so the caller can say by how much.
    """
    report = workdir / "nextpnr_report.json"
    argv = [find_tool(f"nextpnr-{device.family}")]
    argv += nextpnr_argv(device, relative_to(netlist, workdir), relative_to(constraints, workdir), clock_mhz,
                         relative_to(output, workdir), Path(report.name))
    log = workdir / "nextpnr.log"
    try:
        run = run_tool(argv, log, workdir)
    except CfuError:
        overfull = {cell: u for cell, u in read_log_utilisation(log).items() if u[0] > u[1]}
        if not overfull:
            raise
        return PlaceRoute(read_log_utilisation(log), {}, ToolRun(argv, log, 0.0), placed=False)
    utilization, clocks = read_report(report)
    return PlaceRoute(utilization, clocks, run)
