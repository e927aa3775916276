"""Run operations on a CFU's generated Verilog through cocotb and a real simulator."""

import json
import os
import shutil
from pathlib import Path

from cocotb_tools.runner import get_runner

from ..errors import CfuError
from ..gateware.instruction import InstructionSpec
from .check import CfuMismatch, check_results
from .vectors import Stimulus

__all__ = ["SIMULATORS", "default_simulator", "run_cocotb", "verify_verilog"]

#: Simulators the harness drives, and the program each needs.
SIMULATORS = {"icarus": "iverilog", "verilator": "verilator"}


def default_simulator() -> str:
    """``$CFU_COCOTB_SIM`` or Icarus (cocotb 2 rejects Debian's Verilator 5.006: docs/interfaces.md,
    "Facts about the dependencies")."""
    return os.environ.get("CFU_COCOTB_SIM", "icarus")


def run_cocotb(verilog: Path, specs: dict[int, InstructionSpec], stimuli: list[Stimulus], build_dir: Path,
               simulator: str | None = None) -> dict:
    """Simulate ``stimuli`` on module ``Cfu`` in ``verilog``; return ``{"results": [...]}``,
    ``{"hang": {...}}`` or ``{"protocol": {...}}``."""
    simulator = simulator or default_simulator()
    if simulator not in SIMULATORS:
        raise CfuError(f"unknown cocotb simulator '{simulator}': choose one of {', '.join(SIMULATORS)}")
    if shutil.which(SIMULATORS[simulator]) is None:
        raise CfuError(f"cocotb simulator '{simulator}' needs '{SIMULATORS[simulator]}' on PATH: run scripts/setup.sh")
    build_dir = Path(build_dir).resolve()
    build_dir.mkdir(parents=True, exist_ok=True)
    vectors_path = build_dir / "vectors.json"
    results_path = build_dir / "results.json"
    vectors_path.write_text(json.dumps({
        "specs": {slot: (spec.name, spec.max_latency) for slot, spec in specs.items()},
        "stimuli": [{"op": [s.op.funct3, s.op.funct7, s.op.in0, s.op.in1], "gap": s.gap, "stall": s.stall}
                    for s in stimuli],
    }))
    results_path.unlink(missing_ok=True)

    runner = get_runner(simulator)
    runner.build(sources=[Path(verilog).resolve()], hdl_toplevel="Cfu", build_dir=build_dir,
                 timescale=("1ns", "1ps"), log_file=build_dir / "build.log", build_args=_build_args(simulator))
    runner.test(test_module="cfu.verify.cocotb_bench", hdl_toplevel="Cfu", build_dir=build_dir,
                test_dir=build_dir, results_xml=str(build_dir / "results.xml"), log_file=build_dir / "test.log",
                extra_env={"CFU_VECTORS": str(vectors_path), "CFU_RESULTS": str(results_path)})
    if not results_path.exists():
        raise CfuMismatch(f"[cocotb/{simulator}] the simulation ended without results: see {build_dir / 'test.log'}")
    return json.loads(results_path.read_text())


def verify_verilog(verilog: Path, specs: dict[int, InstructionSpec], stimuli: list[Stimulus], build_dir: Path,
                   simulator: str | None = None) -> None:
    """Check the Verilog CFU against its reference models; raise :class:`CfuMismatch` on the first difference."""
    simulator = simulator or default_simulator()
    label = f"cocotb/{simulator}"
    outcome = run_cocotb(verilog, specs, stimuli, build_dir, simulator)
    names = {slot: spec.name for slot, spec in specs.items()}
    if "hang" in outcome:
        index = outcome["hang"]["index"]
        raise CfuMismatch(f"[{label}] {stimuli[index].op.describe(names)}: no answer within "
                          f"{outcome['hang']['cycles']} cycles (operation {index}); the instruction never answered")
    if "protocol" in outcome:
        index = outcome["protocol"]["index"]
        where = stimuli[index].op.describe(names) if index >= 0 else "bus"
        raise CfuMismatch(f"[{label}] {where}: {outcome['protocol']['what']}")
    check_results(specs, stimuli, outcome["results"], label)


def _build_args(simulator: str) -> list[str]:
    # Yosys' Verilog wakes its combinational blocks with an initialised register; Icarus only
    # treats that initialiser as a time-zero event under Verilog-2005 rules, not SystemVerilog's.
    return ["-g2005"] if simulator == "icarus" else []
