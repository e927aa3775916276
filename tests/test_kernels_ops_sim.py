"""A small model of the new operators in the RTL simulator (Verilator SoC): golden against TFLite Micro."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from cfu.model.testing import ModelBuilder, options
from cfu.paths import REPO_ROOT
from op_models import check_model
from test_kernels_ops_interfaces import two_input_float_model


def multi_op_model() -> bytes:
    """HARD_SWISH, SPACE_TO_DEPTH, RESIZE_BILINEAR, MIRROR_PAD, LEAKY_RELU, STRIDED_SLICE, SUB,
    TRANSPOSE, REDUCE_MAX, SQUEEZE, TANH, CONCATENATION in a chain (with a broadcast SUB)."""
    b = ModelBuilder("cfu new-operator chain")
    x = b.tensor([1, 8, 8, 4], scale=0.05, zero_point=-3)
    q = dict(scale=0.03, zero_point=-100)
    swish = b.tensor([1, 8, 8, 4], **q)
    b.operator("HARD_SWISH", [x], [swish])
    s2d = b.tensor([1, 4, 4, 16], **q)
    b.operator("SPACE_TO_DEPTH", [swish], [s2d], options("SpaceToDepthOptions", blockSize=2))
    resized = b.tensor([1, 6, 6, 16], **q)
    size = b.tensor([2], "int32", data=np.array([6, 6], np.int32))
    b.operator("RESIZE_BILINEAR", [s2d, size], [resized], options("ResizeBilinearOptions", halfPixelCenters=True))
    padded = b.tensor([1, 8, 8, 16], **q)
    pads = b.tensor([4, 2], "int32", data=np.array([[0, 0], [1, 1], [1, 1], [0, 0]], np.int32))
    b.operator("MIRROR_PAD", [resized, pads], [padded], options("MirrorPadOptions", mode=0))
    leaky = b.tensor([1, 8, 8, 16], scale=0.02, zero_point=10)
    b.operator("LEAKY_RELU", [padded], [leaky], options("LeakyReluOptions", alpha=0.2))
    sliced = b.tensor([1, 4, 4, 16], scale=0.02, zero_point=10)
    consts = [b.tensor([4], "int32", data=np.array(v, np.int32)) for v in ([0, 0, 1, 0], [1, 8, 8, 16], [1, 2, 2, 1])]
    b.operator("STRIDED_SLICE", [leaky, *consts], [sliced], options("StridedSliceOptions"))
    bias = b.tensor([16], scale=0.01, zero_point=0, data=np.arange(-40, 40, 5, dtype=np.int8))
    diff = b.tensor([1, 4, 4, 16], scale=0.04, zero_point=-5)
    b.operator("SUB", [sliced, bias], [diff], options("SubOptions"))
    moved = b.tensor([1, 16, 4, 4], scale=0.04, zero_point=-5)
    perm = b.tensor([4], "int32", data=np.array([0, 3, 1, 2], np.int32))
    b.operator("TRANSPOSE", [diff, perm], [moved], options("TransposeOptions"))
    reduced = b.tensor([1, 16, 4, 1], scale=0.04, zero_point=-5)
    axis = b.tensor([1], "int32", data=np.array([3], np.int32))
    b.operator("REDUCE_MAX", [moved, axis], [reduced], options("ReducerOptions", keepDims=True))
    squeezed = b.tensor([1, 16, 4], scale=0.04, zero_point=-5)
    b.operator("SQUEEZE", [reduced], [squeezed], options("SqueezeOptions", squeezeDims=[3]))
    tanh = b.tensor([1, 16, 4], scale=1.0 / 128, zero_point=0)
    b.operator("TANH", [squeezed], [tanh])
    out = b.tensor([1, 16, 8], scale=1.0 / 128, zero_point=0)
    b.operator("CONCATENATION", [tanh, tanh], [out], options("ConcatenationOptions", axis=-1))
    return b.build([x], [out])


def test_the_chain_on_the_host(tmp_path):
    """The same chain layer by layer and chained on the host, on many inputs."""
    check_model(multi_op_model(), tmp_path)


def _sim(model_bytes: bytes, tmp_path, project_copy) -> subprocess.CompletedProcess:
    model = tmp_path / "model.tflite"
    model.write_bytes(model_bytes)
    run = subprocess.run([sys.executable, "-m", "cfu.cli", "sim", "--proj", str(project_copy("proj_template").root),
                          "--model", str(model)], cwd=REPO_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "golden: pass" in run.stdout
    return run


def test_new_operators_run_golden_in_the_rtl_simulator(tmp_path, project_copy):
    run = _sim(multi_op_model(), tmp_path, project_copy)
    assert "layer 12/12 CONCATENATION" in run.stdout


def test_float_inputs_and_two_outputs_run_golden_in_the_rtl_simulator(tmp_path, project_copy):
    """Two float32 inputs (QUANTIZE), a float32 (DEQUANTIZE) and an int8 output: every input is fed and every
    output checked."""
    b, inputs, outputs = two_input_float_model()
    run = _sim(b.build(inputs, outputs), tmp_path, project_copy)
    assert "layer 5/5 DEQUANTIZE" in run.stdout
