"""What ``cfu energy`` reads besides the simulation, each refused with the command that produces it when it is
missing or stale: the board's power figures, its bitstream report, the model, the MLPerf latencies."""

from __future__ import annotations

import json
from pathlib import Path

from soc.board import VEXRISCV

from ..errors import CfuError
from ..fpga.socgen import CPU_LABELS
from ..freshness import stale_reason
from ..mlperf.bench import load_mlperf_json
from ..project import Project
from .coefficients import FamilyPower, family_power

__all__ = ["board_power", "read_resources", "model_to_measure", "mlperf_cycles"]


def board_power(target: str, make: str) -> FamilyPower:
    """The power figures of ``target``'s FPGA family; the simulator target has no FPGA and is refused."""
    from soc.boards import board_names, get_board

    if target == "sim":
        raise CfuError("energy is estimated for a board's FPGA, and the simulator target has none: name a board "
                       f"({', '.join(board_names())}): `{make} TARGET=<board> energy` (after "
                       f"`{make} TARGET=<board> bitstream`)")
    return family_power(get_board(target).device.family)


def read_resources(path: Path, design: str, command: str) -> dict:
    """The target's bitstream report, refused when missing, unreadable or built from another CFU."""
    if not path.is_file():
        raise CfuError(f"no bitstream report for this target ({path} not found): the estimate needs the design's "
                       f"resources; run `{command}` first")
    try:
        resources = json.loads(path.read_text())
        resources["soc"]["logic"]["used"], resources["cfu"]["logic"]["used"], resources["device"]
    except (ValueError, KeyError, TypeError) as error:
        raise CfuError(f"{path} is unreadable ({error}); run `{command}` again") from None
    stale = stale_reason(resources, design, command)
    if stale:
        raise CfuError(f"{path.name} is {stale}")
    if resources.get("cpu") != CPU_LABELS[VEXRISCV]:
        raise CfuError(f"{path} is a build with the {resources.get('cpu')} CPU, and the simulator measures "
                       f"VexRiscv's activity: no estimate for that design (build the target with `cfu bitstream "
                       f"--cpu {VEXRISCV}` where it fits the device)")
    return resources


def model_to_measure(project: Project, model: Path | None) -> Path:
    """``model`` when given, else the project's own; a project without one must name a model."""
    path = model or project.model_path()
    if path is None:
        raise CfuError(f"{project.name} has no model in model/: name the model whose activity is measured with "
                       "--model PATH (MODEL=PATH for make)")
    if not Path(path).is_file():
        raise CfuError(f"model file not found: {path}")
    return Path(path)


def mlperf_cycles(path: Path, design: str, command: str) -> dict[str, float]:
    """MLPerf Tiny median cycles per model from ``mlperf.json``; none (with a line saying why) when it is missing,
    unreadable or stale."""
    if not path.is_file():
        print(f"cfu energy: no MLPerf latencies ({path.name} not found; `{command}` measures them)")
        return {}
    try:
        stale = stale_reason(json.loads(path.read_text()), design, command)
        report = load_mlperf_json(path)
    except ValueError as error:
        print(f"cfu energy: {path} is unreadable ({error}); `{command}` measures it again")
        return {}
    if stale:
        print(f"cfu energy: {path.name} is {stale}: no MLPerf rows")
        return {}
    return {row.name: row.median_cycles for row in report.models if row.passed}
