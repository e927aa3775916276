"""Switching activity of a project's SoC and CFU over one inference, measured in the RTL simulator.

The firmware runs twice on the target board's simulation SoC (its memory system included) built for switching
activity (:mod:`sim.activity`): once with one inference, once with two, the model only (menu key ``m``: no CFU
self-test before it). The second run's toggle counts minus the first's are those of one warm inference (plus the
few thousand cycles that print its output); its cycles are the second inference's, from the profile lines. Every
inference is checked against TFLite Micro, so the activity is that of a correct run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import CfuError
from ..fwbuild import FirmwareImage
from ..profile.parse import parse_runs
from ..fwbuild.build import MODEL_MENU_SCRIPT
from ..profile.run import ProfileTarget, Simulated, SimRun, board_simulator_name, golden_verdicts, simulate_project
from ..project import Project

__all__ = ["Activity", "ActivityTarget", "measure_activity"]


@dataclass(frozen=True)
class Activity:
    """Toggles of one warm inference of ``model``: signal bits watched and their transitions, SoC and CFU apart."""

    model: str
    cycles: int
    soc_bits: int
    soc_toggles: int
    cfu_bits: int
    cfu_toggles: int

    @property
    def soc_toggle_rate(self) -> float:
        """Transitions per signal bit per cycle outside the CFU (XPE's "toggle rate", as a fraction)."""
        return self.soc_toggles / (self.soc_bits * self.cycles)

    @property
    def cfu_toggle_rate(self) -> float:
        return self.cfu_toggles / (self.cfu_bits * self.cycles) if self.cfu_bits else 0.0


class ActivityTarget(ProfileTarget):
    """Board ``soc``'s simulation SoC built with toggle coverage, running the model only (no CFU self-test); each
    run writes its counts to ``coverage_file``."""

    command = "cfu energy"
    menu_script = MODEL_MENU_SCRIPT

    def __init__(self, soc: str, coverage_file: Path) -> None:
        self.soc = soc
        self.name = f"{board_simulator_name(soc)} with toggle coverage"
        self._coverage_file = coverage_file

    def prepare(self, run: SimRun, cfu_verilog: Path) -> Path:
        from sim.verilated import build_simulator

        print(f"cfu energy: building the simulator of {self.name} (its own build, reused when the CFU is "
              "unchanged)")
        self._simulator = build_simulator(cfu_verilog, run.out_dir, activity=True, target=self.soc)
        return self._simulator.headers_dir

    def run(self, run: SimRun, image: FirmwareImage, budget: int, out: TextIO) -> Simulated:
        from sim.runner import run as run_simulator

        self._coverage_file.unlink(missing_ok=True)
        return Simulated(run_simulator(self._simulator, image.bin, max_cycles=budget, out=out,
                                       coverage_file=self._coverage_file))


def measure_activity(project: Project, model_path: Path, board: str) -> Activity:
    """Run ``model_path`` once and twice on ``board``'s activity simulator; return one inference's activity."""
    from sim.activity import read_toggle_counts

    counts = []
    for repeats in (1, 2):
        print(f"cfu energy: switching activity, run {repeats} of 2 ({repeats} inference{'s' * (repeats > 1)})")
        coverage = project.build_dir / board / "activity" / f"toggles-{repeats}.dat"
        coverage.parent.mkdir(parents=True, exist_ok=True)
        outcome = simulate_project(SimRun(project, model_path, repeats=repeats, soc=board),
                                   ActivityTarget(board, coverage))
        runs = [run for run in parse_runs(outcome.output) if run.complete]
        if outcome.status != 0 or len(runs) != repeats:
            raise CfuError(f"the activity run of {model_path.name} stopped after {len(runs)} of {repeats} "
                           "inferences: no activity measured (its reason is printed above)")
        golden = golden_verdicts(model_path, outcome.model, outcome.input_values, [run.outputs for run in runs],
                                 "cfu energy")
        if any(verdict != "pass" for verdict in golden):
            raise CfuError(f"the activity run of {model_path.name} does not match TFLite Micro ({', '.join(golden)}):"
                           " no energy is estimated for a wrong result")
        counts.append(read_toggle_counts(coverage))
    window = counts[1] - counts[0]
    return Activity(model_path.name, runs[1].total_cycles, window.soc_bits, window.soc_toggles, window.cfu_bits,
                    window.cfu_toggles)
