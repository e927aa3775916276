"""kws_micro's kernel overrides on the host, through the C emulation of its CFUs (SW_ONLY), for each engine
(the big SoC's, and the Fomu's small one): every layer of the project's model and of MLPerf Tiny's kws_ref_model
bit-exact with TFLite Micro, and shapes an engine does not take (or takes differently) through the fallback."""

import os
from pathlib import Path

import numpy as np
import pytest

from cfu.model.importer import import_model
from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, check_against_tflm, options
from cfu.paths import FIRMWARE_DIR
from cfu.project import REPO_ROOT, Project

PROJECT = Project.load(Path(__file__).resolve().parents[1])
SRC = PROJECT.root / "src"
#: The kernels of each engine, through its emulation (the small engine's are those of PicoRV32 builds).
ENGINES = {"big": ["SW_ONLY"], "small": ["SW_ONLY", "KWS_SMALL_ENGINE"]}
#: The emulation and the project's C files that replace none of firmware/ (the small engine's kernels), which the
#: host build compiles besides the kernels it finds, as the firmware build does.
OWN_SOURCES = [SRC / "software_cfu.c",
               *sorted(path for path in SRC.rglob("*.c") if not (FIRMWARE_DIR / path.relative_to(SRC)).exists())]
MLPERF_DIR = Path(os.environ.get("CFU_MLPERF_DIR", REPO_ROOT.parent / "shared" / "models" / "mlperf_tiny"))


def _inputs(buf: bytes, seeds: int = 3) -> list[list[np.ndarray]]:
    shapes = [t.shape for t in import_model(buf).graph.inputs]
    sets = [[np.random.default_rng(seed).integers(-128, 128, s, dtype=np.int8) for s in shapes]
            for seed in range(seeds)]
    return sets + [[np.zeros(s, np.int8) for s in shapes], [np.full(s, 127, np.int8) for s in shapes]]


@pytest.fixture(params=sorted(ENGINES))
def engine(request) -> str:
    return request.param


def _assert_bit_exact(buf: bytes, build_dir: Path, engine: str) -> None:
    results = check_against_tflm(buf, build_dir, _inputs(buf), source_dirs=[SRC],
                                 extra_sources=OWN_SOURCES, defines=ENGINES[engine])
    problems = sorted({r.problem for r in results if not r.ok})
    assert not problems, "\n".join(problems)


def test_project_model_bit_exact_through_emulation(tmp_path, engine):
    _assert_bit_exact(PROJECT.model_path().read_bytes(), tmp_path, engine)


def test_mlperf_kws_reference_model_bit_exact_through_emulation(tmp_path, engine):
    path = MLPERF_DIR / "kws_ref_model.tflite"
    if not path.exists():
        pytest.skip(f"{path} not present (set CFU_MLPERF_DIR)")
    _assert_bit_exact(path.read_bytes(), tmp_path, engine)


def _out_size(padding: int, in_size: int, window: int, stride: int, dilation: int = 1) -> int:
    """TFLite's output size of a window sliding over ``in_size`` values."""
    if padding == schema.Padding.SAME:
        return -(-in_size // stride)
    return (in_size - dilation * (window - 1) - 1) // stride + 1


def _conv_model(kind: str, in_shape, filter_shape, stride: int, padding: int, seed: int,
                depth_multiplier: int = 1, dilation: int = 1, output_scale: float = 0.1) -> bytes:
    """One CONV_2D or DEPTHWISE_CONV_2D layer with random int8 weights and per-channel scales."""
    rng = np.random.default_rng(seed)
    out_c = filter_shape[0] if kind == "CONV_2D" else filter_shape[3]
    b = ModelBuilder()
    x = b.tensor(in_shape, scale=0.05, zero_point=int(rng.integers(-20, 20)))
    w = b.tensor(filter_shape, scale=rng.uniform(0.005, 0.02, out_c), zero_point=[0] * out_c,
                 data=rng.integers(-127, 128, filter_shape, dtype=np.int8),
                 quantized_dimension=0 if kind == "CONV_2D" else 3)
    bias = b.tensor([out_c], "int32", scale=0.0005, data=rng.integers(-3000, 3000, out_c, dtype=np.int32))
    out_h = _out_size(padding, in_shape[1], filter_shape[1], stride, dilation)
    out_w = _out_size(padding, in_shape[2], filter_shape[2], stride, dilation)
    y = b.tensor([1, out_h, out_w, out_c], scale=output_scale, zero_point=-5)
    if kind == "CONV_2D":
        opts = options("Conv2DOptions", padding=padding, strideW=stride, strideH=stride,
                       dilationWFactor=dilation, dilationHFactor=dilation, fusedActivationFunction=1)
    else:
        opts = options("DepthwiseConv2DOptions", padding=padding, strideW=stride, strideH=stride,
                       depthMultiplier=depth_multiplier, dilationWFactor=dilation, dilationHFactor=dilation,
                       fusedActivationFunction=1)
    b.operator(kind, [x, w, bias], [y], opts)
    return b.build([x], [y])


SAME, VALID = schema.Padding.SAME, schema.Padding.VALID

# (kind, input shape, filter shape, stride, padding): taken by the engine in another shape than the model's,
# or not taken (fallback to the reference loop nest).
SHAPES = {
    "pointwise_8_to_12": ("CONV_2D", [1, 3, 4, 8], [12, 1, 1, 8], 1, SAME),
    "conv3x3_channel_words": ("CONV_2D", [1, 6, 5, 4], [8, 3, 3, 4], 2, SAME),
    "single_channel_8x4_valid": ("CONV_2D", [1, 9, 7, 1], [4, 8, 4, 1], 1, VALID),
    "single_channel_3x8_stride2": ("CONV_2D", [1, 8, 11, 1], [8, 3, 8, 1], 2, SAME),
    "fallback_single_channel_image_too_big": ("CONV_2D", [1, 40, 40, 1], [4, 4, 4, 1], 1, SAME),
    "fallback_3_channels": ("CONV_2D", [1, 5, 5, 3], [8, 3, 3, 3], 1, SAME),
    "fallback_6_outputs": ("CONV_2D", [1, 4, 4, 4], [6, 1, 1, 4], 1, SAME),
    "fallback_too_many_words": ("CONV_2D", [1, 3, 3, 64], [4, 3, 3, 64], 1, SAME),
    "depthwise_stride2_valid": ("DEPTHWISE_CONV_2D", [1, 7, 6, 8], [1, 3, 3, 8], 2, VALID),
    "depthwise_1x1_image": ("DEPTHWISE_CONV_2D", [1, 1, 1, 4], [1, 3, 3, 4], 1, SAME),
    "fallback_depthwise_5x5": ("DEPTHWISE_CONV_2D", [1, 6, 6, 4], [1, 5, 5, 4], 1, SAME),
    "fallback_depthwise_6_channels": ("DEPTHWISE_CONV_2D", [1, 4, 4, 6], [1, 3, 3, 6], 1, SAME),
    "fallback_depthwise_image_too_big": ("DEPTHWISE_CONV_2D", [1, 40, 30, 8], [1, 3, 3, 8], 1, SAME),
    # The small engine streams the channels in groups that fit its input memory with the padding: here two.
    "depthwise_two_channel_groups": ("DEPTHWISE_CONV_2D", [1, 20, 20, 16], [1, 3, 3, 16], 1, SAME),
}


# Shapes no engine takes run once (through the big engine's kernels): both fall back to the same reference loops.
@pytest.mark.parametrize("name, engine", [(name, engine) for name in sorted(SHAPES) for engine in sorted(ENGINES)
                                          if engine == "big" or not name.startswith("fallback_")])
def test_other_shapes_bit_exact(name, tmp_path, engine):
    kind, in_shape, filter_shape, stride, padding = SHAPES[name]
    _assert_bit_exact(_conv_model(kind, in_shape, filter_shape, stride, padding, seed=len(name)), tmp_path, engine)


def test_depthwise_multiplier_2_falls_back(tmp_path, engine):
    buf = _conv_model("DEPTHWISE_CONV_2D", [1, 4, 4, 4], [1, 3, 3, 8], 1, SAME, seed=7, depth_multiplier=2)
    _assert_bit_exact(buf, tmp_path, engine)


def test_scales_above_one_fall_back_on_the_small_engine(tmp_path, engine):
    # Output scale 0.0001: per-channel scales 2.5 to 10 (left shifts), which the small engine does not take.
    for kind, filter_shape in (("CONV_2D", [8, 1, 1, 8]), ("DEPTHWISE_CONV_2D", [1, 3, 3, 8])):
        buf = _conv_model(kind, [1, 4, 4, 8], filter_shape, 1, SAME, seed=5, output_scale=0.0001)
        _assert_bit_exact(buf, tmp_path / kind, engine)


def test_dilated_convolution_falls_back(tmp_path, engine):
    _assert_bit_exact(_conv_model("CONV_2D", [1, 7, 7, 4], [4, 3, 3, 4], 1, SAME, seed=3, dilation=2), tmp_path, engine)


@pytest.mark.parametrize("in_shape, pool, stride, padding", [
    ([1, 25, 5, 64], (25, 5), (25, 5), VALID),    # the model's global pool, by words
    ([1, 16, 17, 8], (16, 16), (1, 1), VALID),    # 256 cells: by words, lanes near full
    ([1, 20, 20, 4], (20, 20), (1, 1), VALID),    # 400 cells: byte by byte
    ([1, 6, 7, 70], (3, 2), (2, 2), SAME),        # more channels than one pass holds, windows cut by the edge
    ([1, 5, 5, 3], (2, 2), (1, 1), VALID),
])
def test_average_pool_bit_exact(in_shape, pool, stride, padding, tmp_path):
    b = ModelBuilder()
    x = b.tensor(in_shape, scale=0.1, zero_point=3)
    out_h = _out_size(padding, in_shape[1], pool[0], stride[0])
    out_w = _out_size(padding, in_shape[2], pool[1], stride[1])
    y = b.tensor([1, out_h, out_w, in_shape[3]], scale=0.1, zero_point=3)
    b.operator("AVERAGE_POOL_2D", [x], [y], options("Pool2DOptions", padding=padding, strideH=stride[0],
                                                    strideW=stride[1], filterHeight=pool[0], filterWidth=pool[1]))
    _assert_bit_exact(b.build([x], [y]), tmp_path, "big")  # the pool kernel serves both engines
