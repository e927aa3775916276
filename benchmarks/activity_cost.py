"""What measuring switching activity costs: the same firmware for the same number of cycles on the normal simulator
and on the toggle-coverage one (`cfu energy`'s) of the same SoC, in CPU seconds of the simulator process (wall
seconds beside them), and each build's cost when it had to be built.

    .venv/bin/python benchmarks/activity_cost.py PROJECT CYCLES [TARGET]

TARGET is `sim` (the default SoC, default) or a board with a simulation SoC (`cfu energy` measures the board's).
Uses the project's build directory as `make PROJ=p [TARGET=t] sim` and `make PROJ=p TARGET=t energy` do (both
simulators are reused when current) and the last firmware built there for that SoC (`build/firmware/sim/` or
`build/firmware/<board>-sim/firmware.bin`, written by `cfu sim`, `cfu mlperf` or `cfu energy`).
"""

from __future__ import annotations

import io
import resource
import sys
import time

from cfu.errors import CfuError
from cfu.project import Project
from sim.runner import run
from sim.verilated import build_simulator
from soc.targets import SIM


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _measured(call):
    cpu, wall = _children_cpu(), time.monotonic()
    result = call()
    return result, _children_cpu() - cpu, time.monotonic() - wall


def main(project_name: str, cycles: int, target: str = SIM) -> None:
    project = Project.load(project_name)
    firmware = project.build_dir / "firmware" / (target if target == SIM else f"{target}-sim") / "firmware.bin"
    if not firmware.is_file():
        raise CfuError(f"no firmware at {firmware}: run `make PROJ={project_name} TARGET={target} sim` first")
    cfu_verilog = project.cfu_verilog()
    for label, activity in (("normal", False), ("activity", True)):
        simulator, build_cpu, build_wall = _measured(
            lambda: build_simulator(cfu_verilog, project.build_dir / target, target=target, activity=activity))
        built = f"built in {build_cpu:.1f} s CPU ({build_wall:.1f} s wall)" if simulator.rebuilt else "reused"
        _, run_cpu, run_wall = _measured(lambda: run(simulator, firmware, max_cycles=cycles, out=io.StringIO()))
        print(f"{label:<9} {built}; {cycles:,} cycles in {run_cpu:.1f} s CPU ({run_wall:.1f} s wall): "
              f"{cycles / run_cpu / 1e6:.3f} M cycles per CPU second")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:4])
