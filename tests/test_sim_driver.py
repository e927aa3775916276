"""Vsim's own driver (sim/harness/veril.cpp: the clock, the rising edge only, the UART pads) gives what LiteX's
event loop gave: the same UART output (cycle counts included), exit code and reason, to the cycle."""

import io

import pytest

from project_copies import persistent_build_dir

from sim.runner import run
from sim.verilated import build_simulator

from test_sim_run import VERILOG


@pytest.mark.parametrize("scenario, exit_code, max_cycles, cfu_timeout", [
    ("MCYCLE", 0, 3_000_000, 100_000),     # cycle counts read from mcycle, printed
    ("EXIT", 3, 3_000_000, 100_000),       # a nonzero exit through simctrl
    ("TRAP", 0, 3_000_000, 100_000),       # the trap handler's report
    ("SILENT_CFU", 0, 3_000_000, 1_000),   # the CFU watchdog (status 125)
    ("HANG", 0, 123_457, 100_000),         # the cycle budget (status 124), at an odd cycle
])
def test_driver_matches_litex_event_loop(firmware, scenario, exit_code, max_cycles, cfu_timeout):
    simulator = build_simulator(VERILOG / "cfu_echo.v", persistent_build_dir("sim-echo"))  # the suite's
    image = firmware(scenario, exit_code)
    results = [run(simulator, image, max_cycles=max_cycles, cfu_timeout=cfu_timeout, out=io.StringIO(),
                   litex_loop=litex_loop) for litex_loop in (False, True)]
    assert results[0] == results[1]
    assert results[0].output.strip()
