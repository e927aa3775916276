"""`cfu sim --proj p` never loses a run and never runs unbounded: the profile is written before the golden check,
a TFLite Micro rejection or crash is reported as `golden: error (...)`, a damaged previous profile is ignored,
the default cycle budget comes from the model, and a stopped run says where it was."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from offline_plan_models import small_model, tflm_crashes, tflm_rejects
from project_copies import copy_project, persistent_build_dir

from cfu.fwbuild import build_firmware
from cfu.model.importer import import_model
from cfu.profile.budget import default_cycle_budget
from cfu.profile.stop import explain_stop
from cfu.project import REPO_ROOT, Project
from sim.runner import CFU_TIMEOUT, run
from sim.verilated import build_simulator


@pytest.fixture(scope="module")
def project(project_copy) -> Project:
    return project_copy("proj_template")


def cfu_sim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfu.cli", "sim", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True)


@pytest.mark.parametrize("case, reason", [
    (tflm_crashes, "TFLite Micro crashed (signal 11, SIGSEGV)"),
    (tflm_rejects, "Nbr of offline buffer offsets (1) in metadata not equal nbr tensors (6)"),
], ids=["crash", "reject"])
def test_golden_failure_keeps_the_profile(project, tmp_path, case, reason):
    model = tmp_path / "model.tflite"
    model.write_bytes(case())
    out = project.build_dir / "sim"
    out.mkdir(parents=True, exist_ok=True)
    (out / "profile.json").write_text('{"model": "model", "layers": [')  # a run killed while writing, before
    run = cfu_sim("--proj", str(project.root), "--model", str(model))
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert run.stderr.count("warning: ignoring the previous profile") == 1
    assert f"cycle budget {default_cycle_budget(import_model(model)):,}" in run.stdout
    assert "total" in run.stdout and "RESHAPE" in run.stdout  # the table
    assert f"golden: error ({reason}" in run.stdout
    profile = json.loads((out / "profile.json").read_text())
    assert profile["golden"].startswith(f"error ({reason}")
    assert [layer["op"] for layer in profile["layers"]] == ["CONV_2D", "RESHAPE"]
    assert (out / "profile.png").read_bytes()[:4] == b"\x89PNG"


def test_budget_stop_says_where_the_run_was(project, tmp_path):
    model = tmp_path / "model.tflite"
    model.write_bytes(small_model())
    run = cfu_sim("--proj", str(project.root), "--model", str(model), "--max-cycles", "20000")
    assert run.returncode == 124, run.stdout[-3000:] + run.stderr[-3000:]
    assert ("cfu sim: cycle budget exceeded (exit code 124): stopped before the model started "
            "(start-up or CFU self-test)") in run.stdout


def test_default_budget_leaves_room_for_every_measured_model():
    """docs/benchmarks.md: kws_micro 60.3 M and mnv2_first 781.9 M cycles; the budget must be far above."""
    for name, measured in (("kws_micro", 60_300_000), ("mnv2_first", 781_900_000)):
        model = import_model(Project.load(name).model_path())
        assert default_cycle_budget(model) > 3 * measured, name


def test_a_cfu_that_never_accepts_is_named_by_function(tmp_path):
    """The project firmware's CFU self-test on a CFU holding cmd_ready low: the watchdog names the function."""
    project = copy_project("proj_template", tmp_path, "deaf")
    image = build_firmware(project, target="sim")
    deaf = build_simulator(Path(__file__).parent / "verilog" / "cfu_deaf.v", persistent_build_dir("sim-deaf"))
    result = run(deaf, image.bin, max_cycles=50_000_000, cfu_timeout=1000, out=io.StringIO())
    assert result.exit_code == CFU_TIMEOUT, result.output
    where = explain_stop(result.exit_code, result.output, image.elf, None)
    assert where is not None and where.startswith("the CFU instruction at 0x4"), where
    assert " in selftest_" in where and "(cfu_selftest.c:" in where, where
