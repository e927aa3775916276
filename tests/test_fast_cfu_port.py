"""The fast simulator's shortcuts around the Verilated CFU (sim/fast/engine/cfu_port.cpp): idle cycles skipped once
the CFU is at rest, and only the rising clock edge evaluated. Both must give exactly what evaluating every cycle in
full gives, on a CFU whose state changes between commands."""

import io
import subprocess
from pathlib import Path

from project_copies import persistent_build_dir

from sim.fast import timing
from sim.fast.build import build_engine, clock_is_edge_only
from sim.fast.runner import run_fast

BUSY_CFU = Path(__file__).parent / "verilog" / "cfu_busy.v"
PARAMS = timing.load_calibration(timing.SHIPPED).params
EDGE_ONLY = "-DCFU_PORT_CLOCK_EDGE_ONLY"


def _verilate(verilog: Path, obj_dir: Path) -> Path:
    subprocess.run(["verilator", "--cc", "-Mdir", str(obj_dir), "--top-module", "Cfu", "--prefix", "VCfu",
                    "-Wno-fatal", str(verilog)], check=True, capture_output=True)
    return obj_dir


def test_skipped_cycles_and_edge_only_evaluation_change_nothing(firmware):
    image = firmware("BUSY_CFU")
    every_cycle = build_engine(BUSY_CFU, persistent_build_dir("fast-busy-every-cycle"), shortcuts=False)
    shortcuts = build_engine(BUSY_CFU, persistent_build_dir("fast-busy"))
    assert EDGE_ONLY in (shortcuts.parent / "build.log").read_text()
    assert EDGE_ONLY not in (every_cycle.parent / "build.log").read_text()
    reference, fast = (run_fast(engine, image, params=PARAMS, max_cycles=3_000_000, out=io.StringIO())
                       for engine in (every_cycle, shortcuts))
    assert reference.sim.exit_code == 0
    answers = reference.sim.output.splitlines()[1:49]
    assert len(set(answers)) == 48  # the CFU worked: every answer differs
    assert (fast.sim.output, fast.cycles, fast.instructions) == (reference.sim.output, reference.cycles,
                                                                 reference.instructions)


def test_a_cfu_reading_its_clock_gets_full_evaluations(tmp_path):
    assert clock_is_edge_only(_verilate(BUSY_CFU, tmp_path / "busy"))
    clock_read = tmp_path / "clock_read.v"
    clock_read.write_text(BUSY_CFU.read_text().replace(
        "(funct3 == 3'd0 ? acc : 32'd0)", "(funct3 == 3'd0 ? acc : {31'd0, clk})"))
    assert not clock_is_edge_only(_verilate(clock_read, tmp_path / "clock_read"))
