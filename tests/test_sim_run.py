"""Firmware on the Verilator SoC: exit codes, watchdogs, determinism, and simulator reuse across firmware."""

import io
import re
from pathlib import Path

import pytest

from project_copies import persistent_build_dir  # noqa: E402

from sim.runner import CFU_TIMEOUT, CYCLE_BUDGET_EXCEEDED, cfu_watchdog_pc, run  # noqa: E402
from sim.verilated import build_simulator  # noqa: E402

VERILOG = Path(__file__).parent / "verilog"
BUDGET = 3_000_000


@pytest.fixture(scope="session")
def echo_sim():
    return build_simulator(VERILOG / "cfu_echo.v", persistent_build_dir("sim-echo"))


def _run(simulator, image, **kwargs):
    out = io.StringIO()
    result = run(simulator, image, max_cycles=BUDGET, out=out, **kwargs)
    assert result.output == out.getvalue()
    return result


def test_exit_zero(echo_sim, firmware):
    result = _run(echo_sim, firmware("EXIT", 0))
    assert "hello from the test firmware" in result.output
    assert (result.exit_code, result.reason) == (0, "firmware exit")


@pytest.mark.parametrize("code", [3, 255])
def test_nonzero_exit_propagates(echo_sim, firmware, code):
    assert _run(echo_sim, firmware("EXIT", code)).exit_code == code


def test_cfu_instruction_answers(echo_sim, firmware):
    result = _run(echo_sim, firmware("CFU"))
    assert "cfu(40, 2) = 42" in result.output
    assert result.exit_code == 0


def test_trap_gives_nonzero_exit(echo_sim, firmware):
    result = _run(echo_sim, firmware("TRAP"))
    assert "TRAP mcause=0x00000002" in result.output
    assert result.exit_code == 102


def test_cycle_budget_exceeded(echo_sim, firmware):
    result = run(echo_sim, firmware("HANG"), max_cycles=200_000, out=io.StringIO())
    assert result.exit_code == CYCLE_BUDGET_EXCEEDED
    assert "cycle budget exceeded: 200000 cycles" in result.output


def test_deterministic_cycle_counts(echo_sim, firmware):
    image = firmware("MCYCLE")
    first, second = (_run(echo_sim, image).output for _ in range(2))
    assert "mcycle " in first
    assert first == second


def test_firmware_swap_reuses_the_simulator(echo_sim, firmware):
    before = echo_sim.exe.stat().st_mtime_ns
    _run(echo_sim, firmware("EXIT", 7))
    again = build_simulator(VERILOG / "cfu_echo.v", echo_sim.dir.parent)
    assert not again.rebuilt
    assert again.exe.stat().st_mtime_ns == before


def test_silent_cfu_trips_watchdog(firmware):
    simulator = build_simulator(VERILOG / "cfu_silent.v", persistent_build_dir("sim-silent"))
    result = run(simulator, firmware("SILENT_CFU"), max_cycles=BUDGET, cfu_timeout=500, out=io.StringIO())
    assert result.exit_code == CFU_TIMEOUT
    assert "CFU watchdog" in result.output
    assert "funct3=6 funct7=3" in result.output
    pc = int(result.output.split("pc=")[1].split()[0], 16)
    assert 0x4000_0000 <= pc < 0x4000_1000


def test_cfu_that_never_accepts_trips_watchdog(firmware):
    simulator = build_simulator(VERILOG / "cfu_deaf.v", persistent_build_dir("sim-deaf"))
    result = run(simulator, firmware("SILENT_CFU"), max_cycles=BUDGET, cfu_timeout=500, out=io.StringIO())
    assert result.exit_code == CFU_TIMEOUT, result.output
    assert result.reason == "CFU watchdog: the CFU never accepted a CFU instruction (cmd_ready low)"
    assert "did not accept the CFU instruction at pc=0x" in result.output
    assert "funct3=6 funct7=3" in result.output
    assert 0x4000_0000 <= cfu_watchdog_pc(result.output) < 0x4000_1000


def test_trap_exit_codes_do_not_overlap_the_simulator_and_shell_statuses():
    """docs/simulation.md's table: a trap's status is never the budget's, the watchdog's or Ctrl-C's (130)."""
    header = (Path(__file__).parents[1] / "firmware" / "include" / "runtime.h").read_text()
    value = {name: int(number) for name, number in re.findall(r"#define (FW_EXIT_\w+) (\d+)", header)}
    traps = {value["FW_EXIT_TRAP_BASE"] + code for code in range(value["FW_EXIT_TRAP_LAST_EXCEPTION"] + 1)}
    traps |= {value["FW_EXIT_INTERRUPT_BASE"] + code for code in range(value["FW_EXIT_TRAP_LAST_INTERRUPT"] + 1)}
    traps.add(value["FW_EXIT_NESTED_TRAP"])
    assert len(traps) == 32 + 24 + 1 and all(0 < status < 128 for status in traps)
    assert not traps & {CYCLE_BUDGET_EXCEEDED, CFU_TIMEOUT, 130}
