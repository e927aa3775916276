"""The fast simulator as a profile target of :func:`cfu.profile.run.run_profile` (``make PROJ=p fast``)."""

from __future__ import annotations

import sys
from typing import TextIO

from cfu.fwbuild import FirmwareImage
from cfu.profile.run import SimRun, Simulated, Simulator
from sim.fast.build import build_engine
from sim.fast.runner import csr_map, run_fast
from sim.fast.timing import Calibration, current_calibration

SIMULATOR_NAME = "fastsim (rv32im interpreter, VexRiscv full+cfu timing model, Verilated CFU)"
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


def fast_simulator(calibration: Calibration) -> Simulator:
    """Runs the image on the engine built for the project's CFU, with ``calibration``'s timing."""

    def run(sim_run: SimRun, image: FirmwareImage, out: TextIO) -> Simulated:
        print("cfu fast: building the fast simulator (reused when the CFU is unchanged)")
        exe = build_engine(sim_run.project.cfu_verilog(), sim_run.out_dir)
        registers = csr_map(image.build_dir / "soc" / "generated" / "csr.h")
        result = run_fast(exe, image.bin, params=calibration.params, max_cycles=sim_run.max_cycles,
                          cfu_timeout=sim_run.cfu_timeout, registers=registers, out=out)
        rate = result.instructions / result.cpu_seconds / 1e6 if result.cpu_seconds else 0.0
        print(f"cfu fast: {result.instructions:,} instructions in {result.host_seconds:.2f} s "
              f"({result.cpu_seconds:.2f} s of CPU: {rate:.0f} M instructions/s)")
        return Simulated(result.sim, {"instructions": result.instructions,
                                      "host_seconds": round(result.host_seconds, 3),
                                      "cpu_seconds": round(result.cpu_seconds, 3),
                                      "calibration": calibration.date})

    return Simulator(
        SIMULATOR_NAME, "cfu fast", run,
        note=f"cycles: estimate of the fast simulator, {calibration.label}; its measured error: docs/fast.md",
        overlay=lambda sim_run: sim_run.project.build_dir / "sim" / "profile.json",
    )
