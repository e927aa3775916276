"""The project's kernel overrides, compiled for the host with the CFU emulation, against TFLite Micro.

Every layer of the project's models is compared bit for bit, alone and chained, on several inputs (seconds,
instead of a simulation of minutes). Synthetic layers show that each override takes the shapes the
accelerator supports (it issues CFU operations) and falls back to the reference loop for the others
(it issues none), bit-exact either way.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import numpy as np
import pytest

from cfu.model.importer import import_model
from cfu.model.host import HostModel
from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, TflmReference, compare_chained, compare_isolated, options
from cfu.project import Project

PROJECT = Project.load(Path(__file__).resolve().parents[1])  # this copy of the project, wherever it is
COUNTING_CFU = Path(__file__).with_name("counting_cfu.c")
SAME, VALID = schema.Padding.SAME, schema.Padding.VALID
RELU6 = schema.ActivationFunctionType.RELU6
MODELS = sorted(PROJECT.root.glob("model/**/*.tflite"))


def host_build(buf: bytes, build_dir: Path) -> tuple:
    """The model with the project's kernels and CFU emulation, and its ``cfu_operation_count``."""
    model = import_model(buf)
    host = HostModel(model, build_dir, source_dirs=[PROJECT.root / "src"], extra_sources=[COUNTING_CFU],
                     defines=["SW_ONLY"])
    count = host._lib.cfu_operation_count
    count.restype = ctypes.c_uint64
    return model, host, count


def inputs_for(model, seeds=(0, 1)) -> list[list[np.ndarray]]:
    shapes = [t.shape for t in model.graph.inputs]
    sets = [[np.random.default_rng(seed).integers(-128, 128, s, dtype=np.int8) for s in shapes] for seed in seeds]
    return sets + [[np.zeros(s, np.int8) for s in shapes]]


def problems_of(results) -> list[str]:
    return [r.problem for r in results if not r.ok]


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_project_models_bit_exact_layer_by_layer(path, tmp_path):
    buf = path.read_bytes()
    model, host, count = host_build(buf, tmp_path)
    reference = TflmReference(buf)
    results = []
    for x in inputs_for(model):
        golden = reference.run(x)
        results += compare_isolated(model, host, golden, x) + compare_chained(model, host, golden, x)
    assert not problems_of(results), "\n".join(problems_of(results)[:10])
    assert count() > 0


# -- synthetic layers: (name, accelerated?, builder) ----------------------------------------------------------

def _conv(b: ModelBuilder, rng, shape, out_c, k, stride=1, padding=SAME, dilation=1, depthwise=False,
          multiplier=1, groups=1) -> int:
    n, h, w, c = shape
    x = b.tensor(shape, scale=0.02, zero_point=int(rng.integers(-128, 128)))
    if depthwise:
        out_c = c * multiplier
        fshape, qdim = (1, k, k, out_c), 3
    else:
        fshape, qdim = (out_c, k, k, c // groups), 0
    w_scales = [float(s) for s in rng.uniform(0.002, 0.02, out_c).astype(np.float32)]
    f = b.tensor(fshape, scale=w_scales, zero_point=[0] * out_c, quantized_dimension=qdim,
                 data=rng.integers(-127, 128, fshape, dtype=np.int8))
    bias = b.tensor((out_c,), "int32", [0.02 * s for s in w_scales], [0] * out_c,
                    data=rng.integers(-(1 << 12), 1 << 12, out_c, dtype=np.int32))
    eff = (k - 1) * dilation + 1
    oh, ow = ((h + stride - 1) // stride, (w + stride - 1) // stride) if padding == SAME else \
        ((h - eff) // stride + 1, (w - eff) // stride + 1)
    depth = k * k * (1 if depthwise else c // groups)
    y = b.tensor((n, oh, ow, out_c), scale=float(np.float32(0.02 * 0.01 * np.sqrt(depth) * 127 / 8)),
                 zero_point=int(rng.integers(-128, 128)))
    common = dict(padding=padding, strideW=stride, strideH=stride, fusedActivationFunction=RELU6,
                  dilationWFactor=dilation, dilationHFactor=dilation)
    if depthwise:
        b.operator("DEPTHWISE_CONV_2D", [x, f, bias], [y],
                   options("DepthwiseConv2DOptions", depthMultiplier=multiplier, **common))
    else:
        b.operator("CONV_2D", [x, f, bias], [y], options("Conv2DOptions", **common))
    return x


def _add(b: ModelBuilder, rng, shape, other_shape=None) -> list[int]:
    x = b.tensor(shape, scale=0.05, zero_point=int(rng.integers(-128, 128)))
    z = b.tensor(other_shape or shape, scale=0.03, zero_point=int(rng.integers(-128, 128)))
    y = b.tensor(shape, scale=0.06, zero_point=int(rng.integers(-128, 128)))
    b.operator("ADD", [x, z], [y], options("AddOptions"))
    return [x, z]


def _mean(b: ModelBuilder, rng, shape, axes=(1, 2)) -> list[int]:
    x = b.tensor(shape, scale=0.05, zero_point=int(rng.integers(-128, 128)))
    axes_tensor = b.tensor((len(axes),), "int32", data=np.array(axes, np.int32))
    y = b.tensor([1 if axis in axes else size for axis, size in enumerate(shape)], scale=0.04,
                 zero_point=int(rng.integers(-128, 128)))
    b.operator("MEAN", [x, axes_tensor], [y], options("ReducerOptions", keepDims=True))
    return [x]


LAYERS = [
    ("conv 1x1", True, lambda b, r: [_conv(b, r, (1, 5, 6, 16), 24, 1)]),
    ("conv 1x1, two passes over the outputs", True, lambda b, r: [_conv(b, r, (1, 3, 3, 336), 56, 1)]),
    ("conv 1x1, stride 2", True, lambda b, r: [_conv(b, r, (1, 6, 6, 8), 8, 1, stride=2)]),
    ("conv 3x3 stride 2, 3 channels (im2col)", True, lambda b, r: [_conv(b, r, (1, 9, 10, 3), 16, 3, stride=2)]),
    ("conv 3x3, 3 channels: row windows of four phases", True,
     lambda b, r: [_conv(b, r, (1, 6, 7, 3), 8, 3)]),
    ("conv 3x3, 56 channels: too long for row windows", True, lambda b, r: [_conv(b, r, (1, 4, 4, 56), 4, 3)]),
    ("conv 3x3 padded, 8 channels (im2col)", True, lambda b, r: [_conv(b, r, (2, 5, 4, 8), 12, 3)]),
    ("conv 1x1 VALID, batch of two", True, lambda b, r: [_conv(b, r, (2, 3, 3, 12), 4, 1, padding=VALID)]),
    ("conv, 6 output channels", False, lambda b, r: [_conv(b, r, (1, 4, 4, 8), 6, 1)]),
    ("conv, dilated", False, lambda b, r: [_conv(b, r, (1, 7, 7, 4), 8, 3, dilation=2)]),
    ("conv, grouped", False, lambda b, r: [_conv(b, r, (1, 4, 4, 8), 8, 1, groups=2)]),
    ("conv, receptive field over 512", False, lambda b, r: [_conv(b, r, (1, 4, 4, 64), 4, 3)]),
    ("depthwise 3x3", True, lambda b, r: [_conv(b, r, (1, 6, 5, 8), 0, 3, depthwise=True)]),
    ("depthwise 3x3 stride 2, odd size", True,
     lambda b, r: [_conv(b, r, (1, 7, 9, 12), 0, 3, stride=2, depthwise=True)]),
    ("depthwise 3x3 VALID, batch of two", True,
     lambda b, r: [_conv(b, r, (2, 5, 5, 4), 0, 3, padding=VALID, depthwise=True)]),
    ("depthwise, 6 channels", False, lambda b, r: [_conv(b, r, (1, 5, 5, 6), 0, 3, depthwise=True)]),
    ("depthwise, multiplier 2", False,
     lambda b, r: [_conv(b, r, (1, 5, 5, 4), 0, 3, depthwise=True, multiplier=2)]),
    ("depthwise 5x5", False, lambda b, r: [_conv(b, r, (1, 6, 6, 8), 0, 5, depthwise=True)]),
    ("add", True, lambda b, r: _add(b, r, (1, 5, 5, 8))),
    ("add, 15 elements", False, lambda b, r: _add(b, r, (1, 1, 5, 3))),
    ("add, broadcast", False, lambda b, r: _add(b, r, (1, 4, 4, 8), (1, 1, 1, 8))),
]


@pytest.mark.parametrize("name, accelerated, build", LAYERS, ids=[layer[0] for layer in LAYERS])
def test_layer_accelerated_or_fallback_bit_exact(name, accelerated, build, tmp_path):
    rng = np.random.default_rng(7)
    b = ModelBuilder()
    inputs = build(b, rng)
    buf = b.build(inputs, b.operator_outputs())
    model, host, count = host_build(buf, tmp_path)
    reference = TflmReference(buf)
    results = []
    for x in inputs_for(model):
        results += compare_isolated(model, host, reference.run(x), x)
    assert not problems_of(results), "\n".join(problems_of(results))
    assert (count() > 0) == accelerated, f"{name}: {count()} CFU operations"


def test_mean_over_pixels_and_other_windows_bit_exact(tmp_path):
    rng = np.random.default_rng(3)
    b = ModelBuilder()
    inputs = (_mean(b, rng, (1, 5, 5, 1280)) + _mean(b, rng, (2, 3, 4, 300)) + _mean(b, rng, (2, 3, 4, 6), (2,))
              + _mean(b, rng, (1, 2, 3, 6)))
    buf = b.build(inputs, b.operator_outputs())
    model, host, _ = host_build(buf, tmp_path)
    reference = TflmReference(buf)
    results = []
    for x in inputs_for(model):
        results += compare_isolated(model, host, reference.run(x), x)
    assert not problems_of(results), "\n".join(problems_of(results))
