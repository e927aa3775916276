"""Firmware on the Verilator SoC: exit codes, watchdogs, determinism, and model reuse across firmware."""

import io
from pathlib import Path

import pytest

from project_copies import persistent_build_dir  # noqa: E402

from sim.model import _fingerprint, build_model  # noqa: E402
from sim.runner import CFU_TIMEOUT, CYCLE_BUDGET_EXCEEDED, run  # noqa: E402
from sim.testfw import build_firmware  # noqa: E402
from soc.headers import write_headers  # noqa: E402

VERILOG = Path(__file__).parent / "verilog"
BUDGET = 3_000_000


@pytest.fixture(scope="session")
def headers(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("headers")
    write_headers("sim", out)
    return out


@pytest.fixture(scope="session")
def echo_model():
    return build_model(VERILOG / "cfu_echo.v", persistent_build_dir("sim-echo"))


@pytest.fixture(scope="session")
def firmware(headers, tmp_path_factory):
    out = tmp_path_factory.mktemp("firmware")
    return lambda scenario, exit_code=0: build_firmware(headers, out, scenario, exit_code=exit_code)


def _run(model, image, **kwargs):
    out = io.StringIO()
    result = run(model, image, max_cycles=BUDGET, out=out, **kwargs)
    assert result.output == out.getvalue()
    return result


def test_exit_zero(echo_model, firmware):
    result = _run(echo_model, firmware("EXIT", 0))
    assert "hello from the test firmware" in result.output
    assert (result.exit_code, result.reason) == (0, "firmware exit")


@pytest.mark.parametrize("code", [3, 255])
def test_nonzero_exit_propagates(echo_model, firmware, code):
    assert _run(echo_model, firmware("EXIT", code)).exit_code == code


def test_cfu_instruction_answers(echo_model, firmware):
    result = _run(echo_model, firmware("CFU"))
    assert "cfu(40, 2) = 42" in result.output
    assert result.exit_code == 0


def test_trap_gives_nonzero_exit(echo_model, firmware):
    result = _run(echo_model, firmware("TRAP"))
    assert "TRAP mcause=0x00000002" in result.output
    assert result.exit_code == 102


def test_cycle_budget_exceeded(echo_model, firmware):
    result = run(echo_model, firmware("HANG"), max_cycles=200_000, out=io.StringIO())
    assert result.exit_code == CYCLE_BUDGET_EXCEEDED
    assert "cycle budget exceeded: 200000 cycles" in result.output


def test_deterministic_cycle_counts(echo_model, firmware):
    image = firmware("MCYCLE")
    first, second = (_run(echo_model, image).output for _ in range(2))
    assert "mcycle " in first
    assert first == second


def test_firmware_swap_reuses_model(echo_model, firmware):
    before = echo_model.exe.stat().st_mtime_ns
    _run(echo_model, firmware("EXIT", 7))
    again = build_model(VERILOG / "cfu_echo.v", echo_model.dir.parent)
    assert not again.rebuilt
    assert again.exe.stat().st_mtime_ns == before


def test_cfu_change_changes_fingerprint(echo_model, tmp_path):
    gateware = echo_model.gateware_dir
    sources = [VERILOG / "cfu_echo.v"]
    changed = tmp_path / "cfu.v"
    changed.write_text(sources[0].read_text().replace("+ cmd_payload_inputs_1", "- cmd_payload_inputs_1"))
    assert _fingerprint(gateware, sources, None) != _fingerprint(gateware, [changed], None)


def test_silent_cfu_trips_watchdog(firmware):
    model = build_model(VERILOG / "cfu_silent.v", persistent_build_dir("sim-silent"))
    result = run(model, firmware("SILENT_CFU"), max_cycles=BUDGET, cfu_timeout=500, out=io.StringIO())
    assert result.exit_code == CFU_TIMEOUT
    assert "CFU watchdog" in result.output
    assert "funct3=6 funct7=3" in result.output
    pc = int(result.output.split("pc=")[1].split()[0], 16)
    assert 0x4000_0000 <= pc < 0x4000_1000
