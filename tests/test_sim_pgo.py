"""The profile-guided build of the Verilator SoC (sim/pgo.py): trained, optimised with its profile, same results."""

import io

from project_copies import persistent_build_dir

import sim.verilated
from sim import pgo
from sim.runner import run
from sim.verilated import build_simulator

from test_sim_run import VERILOG


def test_profile_guided_simulator_is_trained_and_computes_the_same(tmp_path, firmware, monkeypatch):
    plain = build_simulator(VERILOG / "cfu_echo.v", persistent_build_dir("sim-echo"))  # the suite's: not guided
    monkeypatch.setenv(pgo.ENVIRONMENT_SWITCH, "1")
    guided = build_simulator(VERILOG / "cfu_echo.v", tmp_path)
    log = (guided.gateware_dir / "verilator.log").read_text()
    assert "-fprofile-generate" in log and "-fprofile-use" in log
    assert list((guided.gateware_dir / "obj_dir").glob("*.gcda"))  # the training run wrote its profile
    for scenario in ("CFU", "MCYCLE"):
        image = firmware(scenario)
        assert run(guided, image, max_cycles=3_000_000, out=io.StringIO()) == \
            run(plain, image, max_cycles=3_000_000, out=io.StringIO())
    assert not build_simulator(VERILOG / "cfu_echo.v", tmp_path).rebuilt
    # Turning guidance off changes the build: the next build runs Verilator again (not run here: recorded).
    monkeypatch.setenv(pgo.ENVIRONMENT_SWITCH, "0")
    builds = []
    monkeypatch.setattr(sim.verilated, "_verilate", lambda gateware_dir, build, soc_dir: builds.append(build))
    assert build_simulator(VERILOG / "cfu_echo.v", tmp_path).rebuilt
    assert [build.profile_guided for build in builds] == [False]
