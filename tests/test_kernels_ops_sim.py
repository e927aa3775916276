"""A small model of the new operators in the RTL simulator (Verilator SoC): golden against TFLite Micro."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from cfu.model.importer import import_model
from cfu.model.mutants import (float_interface_builder, int16_chain_builder, int16_layers_model, new_operators_model,
                               stateful_model)
from cfu.paths import REPO_ROOT
from op_models import check_model

CNN16X8 = REPO_ROOT / "tests" / "data" / "cnn16x8" / "cnn16x8.tflite"


def test_the_chain_on_the_host(tmp_path):
    """The same chain layer by layer and chained on the host, on many inputs."""
    check_model(new_operators_model(), tmp_path)


def _sim(model_bytes: bytes, tmp_path, project_copy) -> subprocess.CompletedProcess:
    model = tmp_path / "model.tflite"
    model.write_bytes(model_bytes)
    root = project_copy("proj_template").root
    run = subprocess.run([sys.executable, "-m", "cfu.cli", "sim", "--proj", str(root), "--model", str(model)],
                         cwd=REPO_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "golden: pass" in run.stdout
    run.profile = json.loads((root / "build" / "sim" / "profile.json").read_text())
    return run


def test_new_operators_run_golden_in_the_rtl_simulator(tmp_path, project_copy):
    run = _sim(new_operators_model(), tmp_path, project_copy)
    assert "layer 12/12 CONCATENATION" in run.stdout


def test_float_inputs_and_two_outputs_run_golden_in_the_rtl_simulator(tmp_path, project_copy):
    """Two float32 inputs (QUANTIZE), a float32 (DEQUANTIZE) and an int8 output: every input is fed and every
    output checked."""
    b, inputs, outputs = float_interface_builder()
    run = _sim(b.build(inputs, outputs), tmp_path, project_copy)
    assert "layer 5/5 DEQUANTIZE" in run.stdout


def test_a_16x8_chain_runs_golden_in_the_rtl_simulator(tmp_path, project_copy):
    """int16 model input, the 16x8 kernels (CONV_2D, DEPTHWISE_CONV_2D, pooling, ADD, MUL, LOGISTIC,
    FULLY_CONNECTED, TANH, SOFTMAX), an int16 and a float32 output, every output checked."""
    b, inputs, outputs = int16_chain_builder()
    model = b.build(inputs, outputs)
    run = _sim(model, tmp_path, project_copy)
    assert "layer 12/12 DEQUANTIZE" in run.stdout
    # Only what the model uses is linked: the image's kernel functions are exactly those its layers call.
    called = {re.match(r"\s*(\w+)\(", layer.call).group(1) for layer in import_model(model).layers}
    size = run.profile["firmware"]
    assert set(size["kernels"]) == called and "ConvPerChannel" not in size["kernels"]
    assert f"{len(called)} kernel functions linked, {size['kernel_code_bytes']:,} B of code" in run.stdout
    assert size["unused_kernel_code_bytes"] > 3 * size["kernel_code_bytes"]  # the other kernels are left out


def test_the_newer_16x8_kernels_run_golden_in_the_rtl_simulator(tmp_path, project_copy):
    """MEAN, SUM, TRANSPOSE_CONV, BATCH_MATMUL, PRELU and the LSTM on int16 (`int16_layers_model`)."""
    run = _sim(int16_layers_model(), tmp_path, project_copy)
    assert "layer 6/6 UNIDIRECTIONAL_SEQUENCE_LSTM" in run.stdout


def test_the_tensorflow_16x8_cnn_runs_golden_in_the_rtl_simulator(tmp_path, project_copy):
    """tests/data/cnn16x8/cnn16x8.tflite (TensorFlow's 16x8 post-training quantization, int16 input and output)."""
    run = _sim(CNN16X8.read_bytes(), tmp_path, project_copy)
    assert "layer 11/11 SOFTMAX" in run.stdout


def test_stateful_chain_runs_golden_in_the_rtl_simulator(tmp_path, project_copy):
    """Two SVDF layers (int16 state, int8 state with zero point 5), a RESHAPE and an LSTM: the firmware resets the
    state as TFLite Micro does before it runs."""
    run = _sim(stateful_model(), tmp_path, project_copy)
    assert "layer 4/4 UNIDIRECTIONAL_SEQUENCE_LSTM" in run.stdout
