"""`cfu sim --proj p`: a real model in the Verilator SoC, timed per layer and checked against TFLite Micro."""

import json
import subprocess
import sys

import pytest
from project_copies import copy_project

from cfu.paths import REPO_ROOT, mlperf_models_dir

SHARED_MODELS = mlperf_models_dir()


def cfu_sim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfu.cli", "sim", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True)


def test_kws_micro_runs_bit_exact_with_a_profile(project_copy):
    project = project_copy("kws_micro")
    cfu_py = project.root / "cfu.py"
    cfu_py.write_text(cfu_py.read_text() + '\nopen(__file__ + ".runs", "a").write("run\\n")\n')
    run = cfu_sim("--proj", str(project.root))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    # Work done once: cfu.py runs once, and the firmware uses the headers of the simulator's SoC elaboration.
    assert (project.root / "cfu.py.runs").read_text() == "run\n"
    assert not (project.build_dir / "firmware" / "sim" / "soc").exists()
    assert "golden: pass" in run.stdout
    assert "layer 12/12 SOFTMAX" in run.stdout  # progress while it runs
    out = project.build_dir / "sim"
    profile = json.loads((out / "profile.json").read_text())
    assert {"model", "simulator", "total_cycles", "golden", "layers"} <= set(profile)
    assert profile["golden"] == "pass"
    assert [layer["op"] for layer in profile["layers"]][:2] == ["CONV_2D", "DEPTHWISE_CONV_2D"]
    assert sum(layer["cycles"] for layer in profile["layers"]) == profile["total_cycles"]
    assert sum(layer["macs"] for layer in profile["layers"]) == 2_656_768
    assert all(layer["cycles"] > 0 for layer in profile["layers"])
    assert (out / "profile.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.skipif(not SHARED_MODELS.is_dir(), reason="no MLPerf Tiny models (shared/models/mlperf_tiny beside the checkout, or $CFU_MLPERF_DIR)")
def test_any_model_through_model_option(project_copy):
    template = project_copy("proj_template")
    run = cfu_sim("--proj", str(template.root), "--model", str(SHARED_MODELS / "ad01_int8.tflite"))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "golden: pass" in run.stdout
    assert "cfu funct3=2:" in run.stdout and ", 0 mismatches" in run.stdout  # the CFU test ran too


def test_a_wrong_kernel_override_fails_the_golden_check(tmp_path):
    """A project overriding FULLY_CONNECTED with a kernel that skews odd classes: the golden check must catch it.
    (A shift of every logit alike would not do: the softmax after it does not see it.)"""
    project = copy_project("kws_micro", tmp_path, "broken_fc").root
    kernel = (REPO_ROOT / "firmware" / "kernels" / "fully_connected.c").read_text()
    assert "acc += params->output_offset;" in kernel
    (project / "src" / "kernels").mkdir(parents=True, exist_ok=True)
    (project / "src" / "kernels" / "fully_connected.c").write_text(
        kernel.replace("acc += params->output_offset;", "acc += params->output_offset + (out_c & 1) * 20;"))
    run = cfu_sim("--proj", str(project))
    assert run.returncode == 1, run.stdout[-3000:]
    assert "golden: output 0 differs from TFLite Micro" in run.stdout
    assert "golden: fail" in run.stdout


def test_unsupported_operators_are_named_in_one_message(tmp_path, project_copy):
    from cfu.model.testing import ModelBuilder

    builder = ModelBuilder()
    x = builder.tensor([1, 4], scale=0.1)
    y = builder.tensor([1, 4], scale=0.1)
    z = builder.tensor([1, 4], scale=0.1)
    builder.operator("CUMSUM", [x], [y])
    builder.operator("SIGN", [y], [z])
    model = tmp_path / "sign.tflite"
    model.write_bytes(builder.build([x], [z]))
    run = cfu_sim("--proj", str(project_copy("proj_template").root), "--model", str(model))
    assert run.returncode == 2
    assert "the model has 2 problems (operators not supported: CUMSUM, SIGN):" in run.stderr
    assert "layer 0 (CUMSUM): operator not supported\n  layer 1 (SIGN): operator not supported" in run.stderr
    assert "Traceback" not in run.stderr
