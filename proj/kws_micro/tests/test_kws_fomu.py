"""kws_micro on the Fomu: its small CFU fits beside the PicoRV32 SoC (synthesised alone for the UP5K), and a model
of the kind it accelerates (a depthwise and a pointwise layer) runs golden through the small engine on the Verilator
simulation of the Fomu SoC (``cfu sim --target kosagi_fomu``). The whole Fomu bitstream of kws_micro is measured in
the project's README (a full place and route is minutes: tests/test_fpga_full_builds.py builds the Fomu once)."""

import json
import shutil
from pathlib import Path

import numpy as np

from cfu.cli import main
from cfu.fpga.flow import cfu_cost
from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, options
from cfu.project import Project
from soc.boards import get_board

PROJECT = Project.load(Path(__file__).resolve().parents[1])
#: What the Fomu's PicoRV32 SoC leaves for a CFU (docs/benchmarks.md: 4332 of 5280 logic cells with a null CFU,
#: 4 of 8 DSPs, 24 of 30 block RAMs).
CFU_BUDGET = {"logic": 948, "dsp": 4, "bram": 24}


def test_the_small_cfu_fits_the_fomus_budget(tmp_path):
    verilog = tmp_path / "cfu.v"
    PROJECT.make_cfu("picorv32").write_verilog(verilog)
    usage, _ = cfu_cost(get_board("kosagi_fomu"), verilog, tmp_path / "synth")
    assert {kind: usage[kind].used for kind in CFU_BUDGET} == {
        kind: min(usage[kind].used, limit) for kind, limit in CFU_BUDGET.items()}, usage


def _depthwise_pointwise_model() -> bytes:
    """A DS-CNN block in small: 3x3 depthwise (SAME) then 1x1 convolution, 8 channels, ReLU, per-channel scales."""
    rng = np.random.default_rng(3)
    b = ModelBuilder()
    x = b.tensor([1, 6, 5, 8], scale=0.05, zero_point=4)
    tensors = [x]
    for kind, filter_shape in (("DEPTHWISE_CONV_2D", [1, 3, 3, 8]), ("CONV_2D", [8, 1, 1, 8])):
        w = b.tensor(filter_shape, scale=rng.uniform(0.005, 0.02, 8), zero_point=[0] * 8,
                     data=rng.integers(-127, 128, filter_shape, dtype=np.int8),
                     quantized_dimension=3 if kind == "DEPTHWISE_CONV_2D" else 0)
        bias = b.tensor([8], "int32", scale=0.0005, data=rng.integers(-3000, 3000, 8, dtype=np.int32))
        y = b.tensor([1, 6, 5, 8], scale=0.05, zero_point=-100)
        opts = (options("DepthwiseConv2DOptions", padding=schema.Padding.SAME, strideW=1, strideH=1, depthMultiplier=1,
                        dilationWFactor=1, dilationHFactor=1, fusedActivationFunction=1)
                if kind == "DEPTHWISE_CONV_2D" else
                options("Conv2DOptions", padding=schema.Padding.SAME, strideW=1, strideH=1, dilationWFactor=1,
                        dilationHFactor=1, fusedActivationFunction=1))
        b.operator(kind, [tensors[-1], w, bias], [y], opts)
        tensors.append(y)
    return b.build([x], [tensors[-1]])


def test_a_ds_cnn_block_runs_golden_on_the_simulated_fomu(tmp_path):
    root = tmp_path / "kws_micro"  # a private copy: the test builds it
    shutil.copytree(PROJECT.root, root, ignore=shutil.ignore_patterns("build"))
    project = Project.load(root)
    model = tmp_path / "block.tflite"
    model.write_bytes(_depthwise_pointwise_model())
    assert main(["sim", "--proj", str(project.root), "--target", "kosagi_fomu", "--model", str(model)]) == 0
    profile = json.loads((project.build_dir / "kosagi_fomu" / "profile.json").read_text())
    assert profile["golden"] == "pass"
    assert profile["soc"] == "kosagi_fomu"
    assert profile["simulator"].startswith("verilator (Fomu SoC: PicoRV32 + PCPI bridge, main memory SPRAM")
