"""``cfu calibrate``: fit the fast simulator's timing parameters to the Verilator SoC.

The microbenchmarks (``calibration/microbench.c``) run once in the RTL simulator, then many times in the fast
one while a local search changes one integer parameter at a time to lower the mean squared relative error
over all benchmarks. The calibration project is a private copy of ``proj_template`` (its CFU has a
combinational, a multi-cycle and a stateful instruction) under ``build/fast/``.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from cfu.errors import CfuError
from cfu.files import write_atomic, write_if_changed
from cfu.fwbuild import FirmwareImage, build_firmware
from cfu.project import PROJECTS_DIR, Project
from sim.fast.build import build_engine
from sim.fast.runner import csr_map, run_fast
from sim.fast.timing import LOCAL, Calibration, save_calibration, soc_fingerprint
from cfu.paths import SHARED_BUILD

MICROBENCH = Path(__file__).parent / "calibration" / "microbench.c"
TEMPLATE = PROJECTS_DIR / "proj_template"
_BENCH = re.compile(r"^~~bench (\w+) (\d+)~~$", re.M)
#: Search range of every parameter (cycles), and where the search starts.
PARAM_RANGES = {
    "icache_miss": (0, 40), "dcache_miss": (0, 40), "store_bus": (0, 12), "store": (0, 8), "io_access": (0, 40),
    "load_use": (0, 4), "mul_use": (0, 4), "shift_use": (0, 3), "csr": (0, 6), "branch_decode": (0, 6),
    "branch_execute": (0, 8), "div": (0, 60), "cfu_issue": (0, 6), "cfu_use": (0, 4), "cfu_overlap": (0, 4),
    "cfu_side_effect": (0, 5), "store_buffer": (0, 4), "div_use": (0, 3),
    "fetch_ahead_decode": (0, 3), "fetch_ahead_execute": (0, 3), "fetch_ahead_start": (0, 4),
}
START = {"icache_miss": 12, "dcache_miss": 12, "store_bus": 3, "store": 0, "io_access": 6, "load_use": 2,
         "mul_use": 2, "shift_use": 1, "csr": 0, "branch_decode": 1, "branch_execute": 3, "div": 34,
         "cfu_issue": 0, "cfu_use": 1, "cfu_overlap": 1, "cfu_side_effect": 3,
         "store_buffer": 0, "div_use": 0, "fetch_ahead_decode": 0, "fetch_ahead_execute": 0,
         "fetch_ahead_start": 0}


def calibration_project(root: Path = SHARED_BUILD / "fast" / "calibration-project") -> Project:
    """A private copy of ``proj_template`` (CFU and C emulation), so calibrating never touches ``proj/``."""
    write_if_changed(root / "cfu.py", (TEMPLATE / "cfu.py").read_bytes())
    for source in (TEMPLATE / "src").rglob("*"):
        if source.is_file():
            write_if_changed(root / "src" / source.relative_to(TEMPLATE / "src"), source.read_bytes())
    return Project.load(root)


def build_microbench(project: Project) -> FirmwareImage:
    """The firmware that runs the microbenchmarks only (menu key 'b'), not the CFU self-test."""
    return build_firmware(project, target="sim", menu_script="b", extra_sources=[MICROBENCH],
                          defines={"FW_HAVE_MICROBENCH": "1"})


def parse_benchmarks(output: str) -> dict[str, int]:
    """``{name: cycles}`` from the ``~~bench~~`` lines of a run."""
    found = {name: int(cycles) for name, cycles in _BENCH.findall(output.replace("\r", ""))}
    if not found:
        raise CfuError("the microbenchmark firmware printed no ~~bench~~ line:\n" + output[-2000:])
    return found


def rtl_benchmarks(image: FirmwareImage, cfu_verilog: Path, sim_dir: Path, out: TextIO,
                   cache: Path = SHARED_BUILD / "fast" / "rtl-microbench.json") -> dict[str, int]:
    """The microbenchmarks' RTL cycles: run in the Verilator SoC, or reused while image, CFU and SoC are the same."""
    key = hashlib.sha256(image.bin.read_bytes() + cfu_verilog.read_bytes() + soc_fingerprint().encode()).hexdigest()
    if cache.is_file():
        kept = json.loads(cache.read_text())
        if kept.get("key") == key:
            out.write("cfu calibrate: RTL cycles of the microbenchmarks reused (same image, CFU and SoC)\n")
            return kept["benchmarks"]
    out.write("cfu calibrate: running the microbenchmarks in the RTL simulator (the truth)\n")
    out.flush()
    from sim.runner import simulate
    from sim.verilated import build_simulator

    rtl = simulate(build_simulator(cfu_verilog, sim_dir), image.bin, out=io.StringIO())
    if rtl.exit_code != 0:
        raise CfuError(f"the microbenchmarks failed in the RTL simulator: {rtl.reason}\n{rtl.output[-2000:]}")
    truth = parse_benchmarks(rtl.output)
    write_atomic(cache, json.dumps({"key": key, "benchmarks": truth}, indent=1) + "\n")
    return truth


def fit(measure: Callable[[dict[str, int]], dict[str, int]], truth: dict[str, int], start: dict[str, int],
        out: TextIO, rounds: int = 8, ranges: dict[str, tuple[int, int]] = PARAM_RANGES) -> tuple[dict[str, int], float]:
    """Local search over integer parameters (those of ``ranges``, within them; the others stay as in ``start``)
    minimising the mean squared relative error against ``truth``.

    Each round moves one parameter at a time; a round that finds nothing that way moves two at once, one up and
    one down by a cycle: two parameters that trade cycles (the divider's occupancy and its user's stall) are
    otherwise stuck where one benchmark pins their sum."""

    def loss(params: dict[str, int]) -> float:
        got = measure(params)
        return sum(((got[name] - cycles) / cycles) ** 2 for name, cycles in truth.items()) / len(truth)

    best, best_loss = dict(start), loss(start)

    def try_move(changes: dict[str, int]) -> bool:
        """Keep ``best`` changed by ``changes`` (cycles added per parameter) when that lowers the loss."""
        nonlocal best, best_loss
        trial = {**best, **{name: best[name] + step for name, step in changes.items()}}
        if not all(ranges[name][0] <= trial[name] <= ranges[name][1] for name in changes):
            return False
        trial_loss = loss(trial)
        if trial_loss < best_loss - 1e-12:
            best, best_loss = trial, trial_loss
            return True
        return False

    for round_index in range(rounds):
        improved = False
        for name in ranges:
            for step in (-8, -4, -2, -1, 1, 2, 4, 8):
                improved |= try_move({name: step})
        if not improved:
            for up in ranges:
                for down in ranges:
                    if up != down:
                        improved |= try_move({up: 1, down: -1})
        out.write(f"  round {round_index + 1}: rms error {best_loss ** 0.5 * 100:.2f} %\n")
        out.flush()
        if not improved:
            break
    return best, best_loss


def calibrate(out: TextIO = sys.stdout, path: Path = LOCAL) -> Calibration:
    """Run the microbenchmarks on both simulators, fit the parameters, save and return the calibration."""
    project = calibration_project()
    out.write("cfu calibrate: building the microbenchmark firmware\n")
    image = build_microbench(project)
    cfu_verilog = project.cfu_verilog()
    truth = rtl_benchmarks(image, cfu_verilog, project.build_dir / "sim", out)
    exe = build_engine(cfu_verilog, project.build_dir / "fast")
    registers = csr_map(image.build_dir / "soc" / "generated" / "csr.h")

    def measure(params: dict[str, int]) -> dict[str, int]:
        result = run_fast(exe, image.bin, params=params, registers=registers, out=io.StringIO())
        if result.sim.exit_code != 0:
            raise CfuError(f"the microbenchmarks failed in the fast simulator: {result.sim.reason}")
        return parse_benchmarks(result.sim.output)

    out.write(f"cfu calibrate: fitting {len(PARAM_RANGES)} parameters on {len(truth)} microbenchmarks\n")
    params, _ = fit(measure, truth, START, out)
    got = measure(params)
    benchmarks = {name: {"rtl": cycles, "fast": got[name], "error_percent": round(100 * (got[name] - cycles) / cycles, 3)}
                  for name, cycles in truth.items()}
    calibration = Calibration(params, soc_fingerprint(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                              benchmarks, path)
    save_calibration(calibration, path)
    for name, row in benchmarks.items():
        out.write(f"  {name:<28} rtl {row['rtl']:>10,}  fast {row['fast']:>10,}  {row['error_percent']:+7.2f} %\n")
    out.write(f"cfu calibrate: wrote {path}\n")
    return calibration
