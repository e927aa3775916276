"""What measuring switching activity costs: the toggle-coverage simulator against the normal one, same project,
same model, one inference each; build and run times in CPU seconds of the child processes (wall seconds too).

    .venv/bin/python benchmarks/activity_cost.py PROJECT MODEL.tflite

Builds in a copy of the project under a temporary folder (never in proj/<p>/build).
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from cfu.energy.activity import ActivityTarget
from cfu.profile.parse import parse_runs
from cfu.profile.run import RtlTarget, SimRun, simulate_project
from cfu.project import Project


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _Timed:
    """Wraps a target's ``prepare`` (the simulator build) and ``run`` (the simulation), recording their costs."""

    def __init__(self, target) -> None:
        self.target, self.costs = target, {}

    def __getattr__(self, name):
        return getattr(self.target, name)

    def _timed(self, key, call, *args):
        cpu, wall = _children_cpu(), time.monotonic()
        result = call(*args)
        self.costs[key] = (_children_cpu() - cpu, time.monotonic() - wall)
        return result

    def prepare(self, run, cfu_verilog):
        return self._timed("build", self.target.prepare, run, cfu_verilog)

    def run(self, run, image, budget, out):
        return self._timed("run", self.target.run, run, image, budget, out)


def main(project_name: str, model: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="activity-cost-") as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(Project.load(project_name).root, root, ignore=shutil.ignore_patterns("build"))
        project = Project.load(root)
        for label, target in (("normal", RtlTarget()), ("activity", ActivityTarget(Path(tmp) / "toggles.dat"))):
            timed = _Timed(target)
            outcome = simulate_project(SimRun(project, model), timed)
            (inference,) = [run for run in parse_runs(outcome.output) if run.complete]
            (build_cpu, build_wall), (run_cpu, run_wall) = timed.costs["build"], timed.costs["run"]
            print(f"{label:<9} build {build_cpu:7.1f} s CPU ({build_wall:7.1f} s wall); run {run_cpu:7.1f} s CPU "
                  f"({run_wall:7.1f} s wall); inference {inference.total_cycles:,} cycles")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
