"""The fast simulator: the same image as the Verilator SoC with the same exits, reports and watchdogs; the CFU
co-simulated through Verilator; the calibration and its staleness check; the error bound on a small model."""

import io
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from project_copies import persistent_build_dir

from cfu.errors import CfuError
from cfu.fwbuild import build_firmware as build_project_firmware
from cfu.paths import REPO_ROOT, mlperf_models_dir
from cfu.profile.report import LayerRow, ProfileReport
from cfu.project import Project
from sim.fast import timing
from sim.fast.build import build_engine, build_reference_engine
from sim.fast.calibrate import PARAM_RANGES, build_microbench, calibration_project, fit, parse_benchmarks
from sim.fast.error import compare
from sim.fast.reference_cfu import ReferenceCfu
from sim.fast.runner import csr_map, run_fast
from sim.runner import CFU_TIMEOUT, CYCLE_BUDGET_EXCEEDED, run
from sim.verilated import build_simulator

VERILOG = Path(__file__).parent / "verilog"
BAD_INPUT = Path(__file__).parent / "data" / "fast" / "bad_input.c"
AD01 = mlperf_models_dir() / "ad01_int8.tflite"
BUDGET = 3_000_000
PARAMS = timing.load_calibration(timing.SHIPPED).params


@pytest.fixture(scope="session")
def echo_engine() -> Path:
    return build_engine(VERILOG / "cfu_echo.v", persistent_build_dir("fast-echo"))


def _fast(engine, image, **kwargs):
    kwargs.setdefault("max_cycles", BUDGET)
    return run_fast(engine, image, params=PARAMS, out=io.StringIO(), **kwargs)


@pytest.mark.parametrize("code", [0, 3, 255])
def test_exit_code_is_the_firmwares(echo_engine, firmware, code):
    result = _fast(echo_engine, firmware("EXIT", code)).sim
    assert "hello from the test firmware" in result.output
    assert (result.exit_code, result.reason) == (code, "firmware exit")


def test_cfu_instruction_answers_through_the_verilated_cfu(echo_engine, firmware):
    result = _fast(echo_engine, firmware("CFU")).sim
    assert "cfu(40, 2) = 42" in result.output
    assert result.exit_code == 0


def test_budget_and_trap_end_like_the_rtl_run(echo_engine, firmware):
    hang = _fast(echo_engine, firmware("HANG"), max_cycles=200_000).sim
    assert hang.exit_code == CYCLE_BUDGET_EXCEEDED
    assert "[sim] cycle budget exceeded: 200000 cycles simulated" in hang.output
    trap = _fast(echo_engine, firmware("TRAP")).sim
    assert "TRAP mcause=0x00000002" in trap.output
    assert trap.exit_code == 102


def test_silent_cfu_trips_the_watchdog_with_the_rtl_message(firmware):
    engine = build_engine(VERILOG / "cfu_silent.v", persistent_build_dir("fast-silent"))
    image = firmware("SILENT_CFU")
    fast = _fast(engine, image, cfu_timeout=500).sim
    assert fast.exit_code == CFU_TIMEOUT
    rtl_model = build_simulator(VERILOG / "cfu_silent.v", persistent_build_dir("sim-silent"))
    rtl = run(rtl_model, image, max_cycles=BUDGET, cfu_timeout=500, out=io.StringIO())
    line = next(line for line in rtl.output.splitlines() if "CFU watchdog" in line)
    assert "funct3=6 funct7=3" in line
    assert line in fast.output.splitlines()  # same words, same pc


def test_same_image_same_output_as_the_rtl_simulator(echo_engine, firmware):
    rtl_model = build_simulator(VERILOG / "cfu_echo.v", persistent_build_dir("sim-echo"))
    for scenario in ("EXIT", "CFU", "TRAP"):
        image = firmware(scenario)
        rtl = run(rtl_model, image, max_cycles=BUDGET, out=io.StringIO())
        fast = _fast(echo_engine, image).sim
        assert (fast.exit_code, fast.output) == (rtl.exit_code, rtl.output), scenario


def test_the_cfu_sees_as_many_clock_edges_between_commands_as_in_the_rtl(firmware):
    """A CFU that works between commands needs its clock to follow the CPU's: this one answers its edge count.

    Over three commands (one waiting three cycles for its response) and a cold instruction-cache line, it saw 26
    edges in the RTL run; the engine that replayed idle cycles from the cycle the CPU moved on gave it 29. Where
    the second command falls (+2 in the RTL) is the CPU's timing model, not the CFU's clock: +1 here."""
    image = firmware("CFU_CLOCK")
    engine = build_engine(VERILOG / "cfu_clock.v", persistent_build_dir("fast-clock"))
    fast = _fast(engine, image).sim
    rtl_model = build_simulator(VERILOG / "cfu_clock.v", persistent_build_dir("sim-clock"))
    rtl = run(rtl_model, image, max_cycles=BUDGET, out=io.StringIO())
    assert rtl.exit_code == fast.exit_code == 0
    def edges(output: str) -> int:
        return int(output.split("cfu clock: ")[1].split()[0])

    assert edges(fast.output) == edges(rtl.output)


def test_mcycle_is_deterministic_and_close_to_the_rtl(echo_engine, firmware):
    image = firmware("MCYCLE")
    first, second = (_fast(echo_engine, image) for _ in range(2))
    assert first.sim.output == second.sim.output
    assert first.instructions > 5_000 and first.cycles > first.instructions
    rtl_model = build_simulator(VERILOG / "cfu_echo.v", persistent_build_dir("sim-echo"))
    rtl = run(rtl_model, image, max_cycles=BUDGET, out=io.StringIO())

    def cycles(output: str) -> int:
        return int(output.split("mcycle ")[1].split()[0])

    assert abs(cycles(first.sim.output) - cycles(rtl.output)) <= 0.03 * cycles(rtl.output)


@pytest.fixture(scope="session")
def template_copy(project_copy) -> Project:
    return project_copy("proj_template")


# Each wrong thing (bad_input.c's BAD_INPUT). The SoC bus answers an access nowhere after LiteX's 1 M-cycle
# timeout, with all ones and no error: a load or fetch there refills a cache line word by word (8 M cycles), a
# store is dropped. With a 6 M-cycle budget the load and the jump hit the budget.
BAD_THINGS = {"load outside memory": "1", "store outside memory": "2", "misaligned load": "3",
              "illegal instruction": "4", "CFU switched off": "5", "jump outside memory": "6"}
BAD_BUDGET = 6_000_000


def _bad_image(project: Project, case: str) -> tuple[Path, Path, dict]:
    image = build_project_firmware(project, menu_script="x", extra_sources=[BAD_INPUT], defines={"BAD_INPUT": case})
    engine = build_engine(project.cfu_verilog(), project.build_dir / "fast")
    return image.bin, engine, csr_map(image.build_dir / "soc" / "generated" / "csr.h")


def _after_selftest(output: str) -> str:
    return output.split("== x:")[1]


@pytest.mark.parametrize("thing", BAD_THINGS)
def test_wrong_firmware_ends_as_in_the_rtl_simulator(template_copy, thing):
    image, engine, registers = _bad_image(template_copy, BAD_THINGS[thing])
    fast = _fast(engine, image, registers=registers, max_cycles=BAD_BUDGET).sim
    rtl_model = build_simulator(template_copy.cfu_verilog(), template_copy.build_dir / "sim")
    rtl = run(rtl_model, image, max_cycles=BAD_BUDGET, out=io.StringIO())
    assert (fast.exit_code, fast.reason) == (rtl.exit_code, rtl.reason)
    assert _after_selftest(fast.output) == _after_selftest(rtl.output)


def test_access_outside_memory_without_budget_is_the_rtl_behaviour(template_copy):
    """Checked once against the Verilator SoC (which takes 8 M cycles per refill): all ones, then a trap."""
    image, engine, registers = _bad_image(template_copy, "1")
    load = _fast(engine, image, registers=registers, max_cycles=0)
    assert load.sim.exit_code == -1 and load.cycles > 8_000_000  # the all-ones word was returned
    image, engine, registers = _bad_image(template_copy, "6")
    jump = _fast(engine, image, registers=registers, max_cycles=0).sim
    assert jump.exit_code not in (0, CYCLE_BUDGET_EXCEEDED)  # the runtime's trap status
    assert "~~trap mcause=0x00000002 mepc=0x20000000 mtval=0xffffffff insn=none" in jump.output


def test_runaway_firmware_hits_the_budget(template_copy):
    image, engine, registers = _bad_image(template_copy, "7")
    result = _fast(engine, image, registers=registers, max_cycles=4_000_000).sim
    assert result.exit_code == CYCLE_BUDGET_EXCEEDED
    assert result.reason == "cycle budget exceeded"
    assert "[sim] cycle budget exceeded: 4000000 cycles simulated" in result.output


def test_stateful_and_multicycle_cfu_instructions_match_their_models(template_copy):
    """The firmware's CFU self-test (hardware against the C emulation) passes on the fast simulator."""
    image = build_project_firmware(template_copy)
    engine = build_engine(template_copy.cfu_verilog(), template_copy.build_dir / "fast")
    result = _fast(engine, image.bin, max_cycles=0).sim
    assert result.exit_code == 0
    for funct3 in (0, 1, 2):
        assert f"cfu funct3={funct3}:" in result.output
    assert result.output.count(", 0 mismatches") == 3


def _on_reference_models(project: Project, specs: dict) -> tuple:
    image = build_project_firmware(project)
    engine = build_reference_engine(project.build_dir / "fast")
    cfu = ReferenceCfu(specs)
    return _fast(engine, image.bin, max_cycles=0, reference_cfu=cfu).sim, cfu


def test_reference_models_as_the_cfu_pass_the_selftest(template_copy):
    """The firmware's CFU self-test (CFU against the C emulation) with the Python models as the CFU."""
    result, cfu = _on_reference_models(template_copy, template_copy.make_cfu().specs())
    assert result.exit_code == 0
    assert result.output.count(", 0 mismatches") == 3
    assert cfu.instructions > 1000


def test_reference_models_answer_the_cfu_instructions(template_copy):
    """A model that disagrees with the C emulation shows in the self-test: the answers are the models'."""
    specs = template_copy.make_cfu().specs()
    specs[0] = replace(specs[0], new_reference=lambda: lambda funct7, in0, in1: in0 ^ in1)
    result, _ = _on_reference_models(template_copy, specs)
    assert "cfu funct3=0:" in result.output and "cfu funct3=0: 0 mismatches" not in result.output
    assert result.output.count(", 0 mismatches") == 2


def test_a_failing_reference_model_is_one_clear_error(template_copy):
    specs = template_copy.make_cfu().specs()
    specs[1] = replace(specs[1], new_reference=lambda: lambda funct7, in0, in1: in0 // 0)
    with pytest.raises(CfuError, match=r"^the reference model of Multiply \(funct3=1\) failed on funct7=0 "
                                       r"in0=0x[0-9a-f]+ in1=0x[0-9a-f]+: ZeroDivisionError: "):
        _on_reference_models(template_copy, specs)


def test_cfu_fast_runs_on_the_reference_models(template_copy):
    run = subprocess.run([sys.executable, "-m", "cfu.cli", "fast", "--proj", str(template_copy.root), "--cfu",
                          "reference"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "the CFU is the project's Python reference models" in run.stdout
    assert run.stdout.count(", 0 mismatches") == 3


def test_fit_finds_the_timing_of_a_known_engine(tmp_path):
    """The calibration's search, on the real microbenchmarks and engine, against cycles of known parameters."""
    project = calibration_project(tmp_path / "calibration-project")
    image = build_microbench(project)
    engine = build_engine(project.cfu_verilog(), project.build_dir / "fast")

    def measure(params: dict[str, int]) -> dict[str, int]:
        return parse_benchmarks(run_fast(engine, image.bin, params=params, out=io.StringIO()).sim.output)

    truth = measure(PARAMS)
    assert len(truth) == 39 and len(set(truth.values())) > 20
    start = {**PARAMS, "dcache_miss": PARAMS["dcache_miss"] + 2, "load_use": PARAMS["load_use"] - 1}
    searched = {name: PARAM_RANGES[name] for name in ("dcache_miss", "load_use", "store_bus")}
    fitted, loss = fit(measure, truth, start, io.StringIO(), rounds=3, ranges=searched)
    assert loss == 0
    assert (fitted["dcache_miss"], fitted["load_use"]) == (PARAMS["dcache_miss"], PARAMS["load_use"])
    # A cycle moved from the divider's user to the divider. Without `divide_independent` only `divide` (their sum)
    # and `requantize_loop` (the divider alone) see them: no single move lowers the error, both at once do.
    traded = {**PARAMS, "div": PARAMS["div"] + 1, "div_use": PARAMS["div_use"] - 1}
    searched = {name: PARAM_RANGES[name] for name in ("div", "div_use")}
    without = {name: cycles for name, cycles in truth.items() if name != "divide_independent"}
    fitted, loss = fit(measure, without, traded, io.StringIO(), rounds=3, ranges=searched)
    assert loss == 0
    assert (fitted["div"], fitted["div_use"]) == (PARAMS["div"], PARAMS["div_use"])


def test_a_calibration_for_another_soc_is_not_used(tmp_path, monkeypatch):
    stale = timing.Calibration(PARAMS, "another-soc", "2020-01-01 00:00 UTC")
    timing.save_calibration(stale, tmp_path / "local.json")
    monkeypatch.setattr(timing, "LOCAL", tmp_path / "local.json")
    monkeypatch.setattr(timing, "SHIPPED", tmp_path / "missing.json")
    assert timing.current_calibration() is None
    timing.save_calibration(timing.Calibration(PARAMS, timing.soc_fingerprint(), "2021-01-01 00:00 UTC"),
                            tmp_path / "local.json")
    assert timing.current_calibration().date == "2021-01-01 00:00 UTC"


def test_error_of_profiles_of_different_models_is_refused():
    rows = [LayerRow(0, "CONV_2D", [1], [1], 1, 100)]
    with pytest.raises(CfuError, match="different models"):
        compare(ProfileReport("a", "rtl", 100, "pass", rows), ProfileReport("b", "fast", 100, "pass", rows))
    report = compare(ProfileReport("a", "rtl", 100, "pass", rows),
                     ProfileReport("a", "fast", 103, "pass", [LayerRow(0, "CONV_2D", [1], [1], 1, 103)]))
    assert report.total_percent == pytest.approx(3.0) and report.worst_layer.percent == pytest.approx(3.0)


@pytest.mark.skipif(not AD01.is_file(), reason="shared MLPerf models absent")
def test_error_bound_on_a_small_model(template_copy):
    """CI's check of the bound in docs/fast.md: ad01 on both simulators, total within 1 %, every layer within 3 %."""
    run_ = subprocess.run([sys.executable, "-m", "cfu.cli", "fast-error", "--proj", str(template_copy.root),
                           "--model", str(AD01), "--max-total", "1", "--max-layer", "3"],
                          cwd=REPO_ROOT, capture_output=True, text=True)
    assert run_.returncode == 0, run_.stdout[-3000:] + run_.stderr[-3000:]
    assert "cycles: estimate of the fast simulator, calibration of" in run_.stdout
    assert "worst layer: #" in run_.stdout
    rtl = json.loads((template_copy.build_dir / "sim" / "profile.json").read_text())
    fast = json.loads((template_copy.build_dir / "fast" / "profile.json").read_text())
    assert set(fast) == set(rtl) | {"instructions", "host_seconds", "cpu_seconds", "calibration"}
    assert fast["format"] == rtl["format"]
    assert fast["simulator"].startswith("fastsim") and fast["golden"] == "pass"
    assert fast["instructions"] > 1_000_000 and fast["host_seconds"] > 0
    assert (template_copy.build_dir / "fast" / "profile.png").read_bytes()[:4] == b"\x89PNG"
    error = json.loads((template_copy.build_dir / "fast" / "error.json").read_text())
    assert abs(error["total_percent"]) <= 1 and all(abs(layer["percent"]) <= 3 for layer in error["layers"])
