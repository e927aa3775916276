"""The fast simulator as a target of :func:`cfu.profile.run.run_profile` (``make PROJ=p fast``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from cfu.fwbuild import FirmwareImage
from cfu.profile.run import ProfileTarget, Simulated, SimRun
from sim.fast.build import build_engine, build_reference_engine
from sim.fast.reference_cfu import ReferenceCfu
from sim.fast.runner import csr_map, run_fast
from sim.fast.timing import Calibration, current_calibration
from soc.targets import SIM

SIMULATOR_NAME = "fastsim (rv32im interpreter, VexRiscv full+cfu timing model, Verilated CFU)"
REFERENCE_SIMULATOR_NAME = "fastsim (rv32im interpreter, VexRiscv full+cfu timing model, Python reference models as the CFU)"
#: The folder of a project's ``build/`` holding the fast simulator's engine and results.
OUT_NAME = "fast"


def ensure_calibration(out: TextIO = sys.stdout) -> Calibration:
    """The calibration for this SoC; when the SoC changed since the last one, calibrate again first."""
    calibration = current_calibration()
    if calibration is None:
        from sim.fast.calibrate import calibrate

        out.write("cfu fast: no calibration matches this SoC (its CPU or configuration changed): calibrating now\n")
        calibration = calibrate(out)
    return calibration


class FastTarget(ProfileTarget):
    """Runs the image on the engine built for the project's CFU, with ``calibration``'s timing; with ``cfu``
    "reference", on the engine whose CFU is the project's Python reference models (no CFU timing)."""

    command = "cfu fast"

    def __init__(self, calibration: Calibration, cfu: str = "verilog"):
        self.calibration = calibration
        self.reference = cfu == "reference"
        self.needs_cfu_verilog = not self.reference
        self.name = REFERENCE_SIMULATOR_NAME if self.reference else SIMULATOR_NAME
        self.note = f"cycles: estimate of the fast simulator, {calibration.label}; its measured error: docs/fast.md"
        if self.reference:
            self.note += ("\ncycles: the CFU is the Python reference models, which have no timing: every CFU "
                          "instruction is counted as answered in its issue cycle")

    def prepare(self, run: SimRun, cfu_verilog: Path | None) -> None:
        if self.reference:
            print("cfu fast: the CFU is the project's Python reference models (--cfu reference)")
            self._reference_cfu = ReferenceCfu(run.project.make_cfu().specs())
            self._engine = build_reference_engine(run.out_dir)
            return None
        print("cfu fast: building the fast simulator (reused when the CFU is unchanged)")
        self._reference_cfu = None
        self._engine = build_engine(cfu_verilog, run.out_dir)
        return None

    def run(self, run: SimRun, image: FirmwareImage, budget: int, out: TextIO) -> Simulated:
        registers = csr_map(image.build_dir / "soc" / "generated" / "csr.h")
        result = run_fast(self._engine, image.bin, params=self.calibration.params, max_cycles=budget,
                          cfu_timeout=run.cfu_timeout, registers=registers, out=out,
                          reference_cfu=self._reference_cfu)
        rate = result.instructions / result.cpu_seconds / 1e6 if result.cpu_seconds else 0.0
        print(f"cfu fast: {result.instructions:,} instructions in {result.host_seconds:.2f} s "
              f"({result.cpu_seconds:.2f} s of CPU: {rate:.0f} M instructions/s)")
        # The fast simulator models the default simulated SoC only (docs/fast.md, "Limits").
        return Simulated(result.sim, {"soc": SIM, "instructions": result.instructions,
                                      "host_seconds": round(result.host_seconds, 3),
                                      "cpu_seconds": round(result.cpu_seconds, 3),
                                      "calibration": self.calibration.date})

    def overlay(self, run: SimRun) -> Path:
        return run.project.build_dir / "sim" / "profile.json"
