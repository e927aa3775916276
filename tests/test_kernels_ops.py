"""AVERAGE_POOL_2D, MAX_POOL_2D, ADD, MUL, SOFTMAX, LOGISTIC, PAD, MEAN, QUANTIZE (int8 -> int8)
against TFLite Micro, bit for bit.

Hypothesis draws the layer configurations (shapes, strides, padding, activations, scales,
zero points, broadcast patterns, axes); each example is one synthetic model of several
independent single-op layers (one host build, one TFLite Micro instance), run on random and
edge inputs. `check_against_tflm` compares every layer alone and the whole chain; a mismatch
names the layer, the operator and the first differing element.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from cfu.errors import CfuError
from cfu.model.graph import parse_model
from cfu.model.host import HostModel
from cfu.model.importer import import_model
from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, check_against_tflm, options

ACTIVATIONS = [schema.ActivationFunctionType.NONE, schema.ActivationFunctionType.RELU,
               schema.ActivationFunctionType.RELU6, schema.ActivationFunctionType.RELU_N1_TO_1]
SAME, VALID = schema.Padding.SAME, schema.Padding.VALID

SETTINGS = settings(max_examples=15, deadline=None, derandomize=True,
                    phases=[Phase.explicit, Phase.generate],  # no shrinking: builds are slow
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

zero_points = st.integers(-128, 127)


def log_scales(lo: int, hi: int) -> st.SearchStrategy[float]:
    """float32 scales, log-uniform between 2^lo and 2^hi."""
    return st.floats(lo, hi).map(lambda e: float(np.float32(2.0 ** e)))


def _input_sets(shapes: list[tuple[int, ...]], seed: int, edges: bool) -> list[list[np.ndarray]]:
    """Two uniform random sets; with `edges`, one clustered around a random value (small
    differences) and the constants -128, 127, 0."""
    rng = np.random.default_rng(seed)
    sets = [[rng.integers(-128, 128, s, dtype=np.int8) for s in shapes] for _ in range(2)]
    if edges:
        sets.append([np.clip(rng.integers(-128, 128) + rng.integers(-4, 5, s), -128, 127)
                     .astype(np.int8) for s in shapes])
        sets += [[np.full(s, v, np.int8) for s in shapes] for v in (-128, 127, 0)]
    return sets


def _check(b: ModelBuilder, inputs: list[int], build_dir, extra_sets=(), edges=True) -> None:
    buf = b.build(inputs, [op.outputs[0] for op in b._sub.operators])
    shapes = [t.shape for t in parse_model(buf).inputs]
    sets = _input_sets(shapes, len(buf), edges) + [list(s) for s in extra_sets]
    problems = [r.problem for r in check_against_tflm(buf, build_dir, sets) if not r.ok]
    assert not problems, "\n".join(problems[:10])


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("ops")


# -- pooling ----------------------------------------------------------------------------

@st.composite
def pool_configs(draw):
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    padding = draw(st.sampled_from([SAME, VALID]))
    low_h, low_w = (kh, kw) if padding == VALID else (1, 1)
    return dict(n=draw(st.integers(1, 2)), h=draw(st.integers(low_h, 9)),
                w=draw(st.integers(low_w, 9)), c=draw(st.integers(1, 4)), kh=kh, kw=kw,
                sh=draw(st.integers(1, 3)), sw=draw(st.integers(1, 3)), padding=padding,
                act=draw(st.sampled_from(ACTIVATIONS)), scale=draw(log_scales(-8, 1)),
                zp=draw(zero_points))


def add_pool(b: ModelBuilder, op: str, cfg: dict) -> int:
    def out(size, k, s):
        return (size + s - 1) // s if cfg["padding"] == SAME else (size + s - k) // s
    q = dict(scale=cfg["scale"], zero_point=cfg["zp"])
    x = b.tensor((cfg["n"], cfg["h"], cfg["w"], cfg["c"]), **q)
    y = b.tensor((cfg["n"], out(cfg["h"], cfg["kh"], cfg["sh"]),
                  out(cfg["w"], cfg["kw"], cfg["sw"]), cfg["c"]), **q)
    b.operator(op, [x], [y], options("Pool2DOptions", padding=cfg["padding"], strideW=cfg["sw"],
                                     strideH=cfg["sh"], filterWidth=cfg["kw"],
                                     filterHeight=cfg["kh"], fusedActivationFunction=cfg["act"]))
    return x


@pytest.mark.parametrize("op", ["AVERAGE_POOL_2D", "MAX_POOL_2D"])
@SETTINGS
@given(cfgs=st.lists(pool_configs(), min_size=8, max_size=8))
def test_pooling(op, cfgs, build_dir):
    b = ModelBuilder()
    _check(b, [add_pool(b, op, c) for c in cfgs], build_dir)


@pytest.mark.parametrize("op", ["AVERAGE_POOL_2D", "MAX_POOL_2D"])
def test_pooling_model_shapes(op, build_dir):
    """The MLPerf global pools (25x5, 8x8, 3x3 windows) and MobileNet-style 3x3/2 SAME pools."""
    b = ModelBuilder()
    base = dict(n=1, c=8, sh=1, sw=1, act=0, scale=0.02, zp=-128)
    cases = [dict(h=25, w=5, kh=25, kw=5, sh=25, sw=5, padding=VALID),
             dict(h=8, w=8, kh=8, kw=8, padding=VALID), dict(h=3, w=3, kh=3, kw=3, padding=VALID),
             dict(h=8, w=8, kh=3, kw=3, sh=2, sw=2, padding=SAME),
             dict(h=7, w=7, kh=2, kw=2, sh=2, sw=2, padding=SAME, act=3, scale=0.05, zp=-20)]
    _check(b, [add_pool(b, op, {**base, **c}) for c in cases], build_dir)


# -- ADD / MUL ----------------------------------------------------------------------------

@st.composite
def broadcast_shapes(draw):
    """Two shapes that broadcast (rank 1..4; any dim of either may be 1, either may be shorter)."""
    full = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    broadcast = draw(st.booleans())
    shapes = []
    for _ in range(2):
        s = [d if not broadcast or draw(st.booleans()) else 1 for d in full]
        drop = draw(st.integers(0, len(s) - 1)) if broadcast else 0
        shapes.append(tuple(s[drop:]))
    return shapes


@st.composite
def add_configs(draw):
    s1, s2 = draw(log_scales(-10, 0)), draw(log_scales(-10, 0))
    return dict(shapes=draw(broadcast_shapes()), s1=s1, s2=s2,
                so=float(np.float32(max(s1, s2) * 2.0 ** draw(st.floats(-4, 5)))),
                z1=draw(zero_points), z2=draw(zero_points), zo=draw(zero_points),
                act=draw(st.sampled_from(ACTIVATIONS)))


@st.composite
def mul_configs(draw):
    s1, s2 = draw(log_scales(-10, 0)), draw(log_scales(-10, 0))
    return dict(shapes=draw(broadcast_shapes()), s1=s1, s2=s2,
                so=float(np.float32(s1 * s2 * 2.0 ** draw(st.floats(-3, 12)))),
                z1=draw(zero_points), z2=draw(zero_points), zo=draw(zero_points),
                act=draw(st.sampled_from(ACTIVATIONS)))


def add_binary(b: ModelBuilder, op: str, cfg: dict) -> list[int]:
    a_shape, b_shape = cfg["shapes"]
    x1 = b.tensor(a_shape, scale=cfg["s1"], zero_point=cfg["z1"])
    x2 = b.tensor(b_shape, scale=cfg["s2"], zero_point=cfg["z2"])
    y = b.tensor(np.broadcast_shapes(a_shape, b_shape), scale=cfg["so"], zero_point=cfg["zo"])
    kind = "AddOptions" if op == "ADD" else "MulOptions"
    b.operator(op, [x1, x2], [y], options(kind, fusedActivationFunction=cfg["act"]))
    return [x1, x2]


@pytest.mark.parametrize("op, configs", [("ADD", add_configs()), ("MUL", mul_configs())])
@SETTINGS
@given(data=st.data())
def test_add_mul(op, configs, data, build_dir):
    cfgs = data.draw(st.lists(configs, min_size=8, max_size=8))
    b = ModelBuilder()
    _check(b, [i for c in cfgs for i in add_binary(b, op, c)], build_dir)


def test_add_mul_edges(build_dir):
    """Equal scales, the ResNet residual ADD with RELU, a scalar operand, each activation."""
    b = ModelBuilder()
    base = dict(shapes=[(1, 4, 4, 8), (1, 4, 4, 8)], s1=0.05, s2=0.05, so=0.1, z1=-128,
                z2=-128, zo=-128, act=1)
    inputs = add_binary(b, "ADD", base)
    inputs += add_binary(b, "ADD", {**base, "shapes": [(2, 3, 5), ()], "s2": 0.7, "z2": 9})
    inputs += add_binary(b, "MUL", {**base, "shapes": [(), (2, 3, 5)], "so": 0.003, "act": 0})
    inputs += add_binary(b, "MUL", {**base, "so": 1.0 / 4096, "z1": 127, "z2": 127, "zo": 0})
    for act in ACTIVATIONS:
        inputs += add_binary(b, "ADD", {**base, "act": act, "zo": 17})
        inputs += add_binary(b, "MUL", {**base, "act": act, "so": 0.01, "zo": -17})
    _check(b, inputs, build_dir)


# -- SOFTMAX / LOGISTIC -------------------------------------------------------------------

@st.composite
def softmax_configs(draw):
    rank = draw(st.integers(1, 4))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=rank - 1, max_size=rank - 1))
                  + [draw(st.integers(1, 40))])
    beta = draw(st.one_of(st.just(1.0), st.floats(0.0625, 4.0, width=32)))
    return dict(shape=shape, scale=draw(log_scales(-9, 2)), zp=draw(zero_points), beta=beta)


def add_softmax(b: ModelBuilder, cfg: dict) -> int:
    x = b.tensor(cfg["shape"], scale=cfg["scale"], zero_point=cfg["zp"])
    y = b.tensor(cfg["shape"], scale=1.0 / 256, zero_point=-128)
    b.operator("SOFTMAX", [x], [y], options("SoftmaxOptions", beta=cfg["beta"]))
    return x


@SETTINGS
@given(cfgs=st.lists(softmax_configs(), min_size=10, max_size=10))
def test_softmax(cfgs, build_dir):
    b = ModelBuilder()
    _check(b, [add_softmax(b, c) for c in cfgs], build_dir)


def test_softmax_edges(build_dir):
    """MLPerf classifier heads, the capped multiplier (large beta * scale), the smallest
    accepted beta * scale, one class."""
    smallest = float(np.nextafter(np.float32(2.0 ** -26), np.float32(1)))
    b = ModelBuilder()
    cases = [dict(shape=(1, 12), scale=0.1, zp=10), dict(shape=(1, 2), scale=0.25, zp=-3),
             dict(shape=(2, 10), scale=1.0, zp=0, beta=100.0), dict(shape=(3, 7), scale=8.0, zp=5),
             dict(shape=(1, 9), scale=smallest, zp=0), dict(shape=(4, 1), scale=0.1, zp=0)]
    _check(b, [add_softmax(b, {"beta": 1.0, **c}) for c in cases], build_dir)


def test_softmax_imagenet_rows(build_dir):
    """1000/1001-class rows on random logits. TFLite Micro asserts (aborts) when a row's
    sum of exps reaches 512, so constant rows of this length are checked separately."""
    b = ModelBuilder()
    cases = [dict(shape=(1, 1000), scale=0.02, zp=-60, beta=1.0),
             dict(shape=(2, 1001), scale=0.1, zp=3, beta=1.0)]
    _check(b, [add_softmax(b, c) for c in cases], build_dir, edges=False)


def test_softmax_sum_of_exps_past_512(tmp_path):
    """Where TFLite Micro aborts (600 tied classes), every probability rounds to 0: -128."""
    b = ModelBuilder()
    x = add_softmax(b, dict(shape=(1, 600), scale=0.02, zp=0, beta=1.0))
    model = import_model(b.build([x], [b._sub.operators[0].outputs[0]]))
    host = HostModel(model, tmp_path)
    host.write(x, np.full((1, 600), 5, np.int8))
    host.invoke_layer(0)
    assert (host.read(model.graph.operators[0].outputs[0].index) == -128).all()


def add_logistic(b: ModelBuilder, scale: float, zp: int) -> int:
    x = b.tensor((2, 16, 8), scale=scale, zero_point=zp)
    y = b.tensor((2, 16, 8), scale=1.0 / 256, zero_point=-128)
    b.operator("LOGISTIC", [x], [y])
    return x


@SETTINGS
@given(qs=st.lists(st.tuples(log_scales(-12, 5), zero_points), min_size=10, max_size=10))
def test_logistic_every_input_value(qs, build_dir):
    """Each layer sees all 256 int8 values (the whole input space for its quantization)."""
    b = ModelBuilder()
    inputs = [add_logistic(b, s, z) for s, z in qs]
    sweep = np.arange(-128, 128, dtype=np.int8).reshape(2, 16, 8)
    _check(b, inputs, build_dir, extra_sets=[[sweep] * len(inputs), [sweep[::-1]] * len(inputs)])


def test_softmax_pairs_every_difference(build_dir):
    """Rows of two values covering every difference -255..255, for several scales."""
    b = ModelBuilder()
    qs = [(0.1, 0), (1.0 / 16, -128), (0.5, 7), (0.003, 3), (2.0, 0)]
    rows = np.array([(a, c) for a in range(-128, 128) for c in (-128, 127, 0)], np.int8)
    inputs = [add_softmax(b, dict(shape=rows.shape, scale=s, zp=z, beta=1.0)) for s, z in qs]
    _check(b, inputs, build_dir, extra_sets=[[rows] * len(inputs)])


# -- PAD --------------------------------------------------------------------------------

@st.composite
def pad_configs(draw):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=4)))
    pads = [(draw(st.integers(0, 3)), draw(st.integers(0, 3))) for _ in shape]
    constant = draw(st.one_of(st.none(), st.integers(-128, 127)))
    op = "PAD" if constant is None else draw(st.sampled_from(["PAD", "PADV2"]))
    return dict(shape=shape, pads=pads, zp=draw(zero_points), scale=draw(log_scales(-8, 0)),
                constant=constant, op=op)


def add_pad(b: ModelBuilder, cfg: dict) -> int:
    q = dict(scale=cfg["scale"], zero_point=cfg["zp"])
    x = b.tensor(cfg["shape"], **q)
    p = b.tensor((len(cfg["shape"]), 2), "int32", data=np.array(cfg["pads"], np.int32))
    out = [d + lo + hi for d, (lo, hi) in zip(cfg["shape"], cfg["pads"])]
    y = b.tensor(out, **q)
    ins = [x, p]
    if cfg["constant"] is not None:
        ins.append(b.tensor((), data=np.array(cfg["constant"], np.int8), **q))
    op = cfg.get("op", "PAD")
    b.operator(op, ins, [y], options("PadOptions" if op == "PAD" else "PadV2Options"))
    return x


@SETTINGS
@given(cfgs=st.lists(pad_configs(), min_size=10, max_size=10))
def test_pad(cfgs, build_dir):
    b = ModelBuilder()
    _check(b, [add_pad(b, c) for c in cfgs], build_dir)


def test_pad_mobilenet(build_dir):
    """MobileNetV2's ZeroPadding2D before stride-2 depthwise convolutions: ((0,1),(0,1))."""
    b = ModelBuilder()
    cfg = dict(shape=(1, 8, 8, 16), pads=[(0, 0), (0, 1), (0, 1), (0, 0)], zp=-128,
               scale=0.02, constant=None)
    _check(b, [add_pad(b, cfg), add_pad(b, {**cfg, "zp": 31})], build_dir)


# -- MEAN -------------------------------------------------------------------------------

@st.composite
def mean_configs(draw):
    shape = tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=4)))
    rank = len(shape)
    unique = draw(st.lists(st.integers(0, rank - 1), min_size=1, max_size=min(2, rank), unique=True))
    # Any spelling of the axes: negative, repeated.
    axes = [a - rank if draw(st.booleans()) else a for a in unique + unique[:draw(st.integers(0, 1))]]
    s_in, zp_in = draw(log_scales(-8, 0)), draw(zero_points)
    same = draw(st.booleans())
    s_out = s_in if same else float(np.float32(s_in * 2.0 ** draw(st.floats(-3, 3))))
    return dict(shape=shape, axes=axes, keep=draw(st.booleans()), s_in=s_in, zp_in=zp_in,
                s_out=s_out, zp_out=zp_in if same else draw(zero_points))


def add_mean(b: ModelBuilder, cfg: dict) -> int:
    shape, rank = cfg["shape"], len(cfg["shape"])
    reduced = {a % rank for a in cfg["axes"]}
    out = [1 if i in reduced else d for i, d in enumerate(shape)] if cfg["keep"] else \
        [d for i, d in enumerate(shape) if i not in reduced]
    x = b.tensor(shape, scale=cfg["s_in"], zero_point=cfg["zp_in"])
    a = b.tensor((len(cfg["axes"]),), "int32", data=np.array(cfg["axes"], np.int32))
    y = b.tensor(out, scale=cfg["s_out"], zero_point=cfg["zp_out"])
    b.operator("MEAN", [x, a], [y], options("ReducerOptions", keepDims=cfg["keep"]))
    return x


@SETTINGS
@given(cfgs=st.lists(mean_configs(), min_size=10, max_size=10))
def test_mean(cfgs, build_dir):
    b = ModelBuilder()
    _check(b, [add_mean(b, c) for c in cfgs], build_dir)


def test_mean_mobilenet_global_pool(build_dir):
    """MobileNetV2's global average pool: MEAN over H, W of 7x7x1280 (and 3x3), keep_dims
    false and true, same and different quantization."""
    b = ModelBuilder()
    base = dict(shape=(1, 7, 7, 1280), axes=[1, 2], keep=False, s_in=0.02, zp_in=-128,
                s_out=0.02, zp_out=-128)
    inputs = [add_mean(b, base), add_mean(b, {**base, "keep": True, "s_out": 0.011, "zp_out": -100}),
              add_mean(b, {**base, "shape": (1, 3, 3, 64), "s_out": 0.05, "zp_out": 5})]
    _check(b, inputs, build_dir)


# -- QUANTIZE int8 -> int8 --------------------------------------------------------------

def add_requantize(b: ModelBuilder, q: tuple[float, int, float, int]) -> int:
    s_in, zp_in, s_out, zp_out = q
    x = b.tensor((3, 17), scale=s_in, zero_point=zp_in)
    y = b.tensor((3, 17), scale=s_out, zero_point=zp_out)
    b.operator("QUANTIZE", [x], [y])
    return x


@SETTINGS
@given(qs=st.lists(st.tuples(log_scales(-8, 0), zero_points, log_scales(-8, 0), zero_points),
                   min_size=10, max_size=10))
def test_requantize(qs, build_dir):
    b = ModelBuilder()
    qs = qs + [(0.05, 3, 0.05, 3), (0.05, 3, 0.05, -125)]  # same scale: a pure zero-point shift
    _check(b, [add_requantize(b, q) for q in qs], build_dir)


# -- validation ---------------------------------------------------------------------------

def _import_one(build) -> None:
    b = ModelBuilder()
    build(b)
    op = b._sub.operators[0]
    inputs = [i for i in op.inputs if b._sub.tensors[i].buffer == 0]  # every variable input is a model input
    import_model(b.build(inputs, [op.outputs[0]]))


def _bad_softmax_output(b):
    x = b.tensor((1, 4), scale=0.1)
    b.operator("SOFTMAX", [x], [b.tensor((1, 4), scale=0.1, zero_point=-128)],
               options("SoftmaxOptions", beta=1.0))
    return x


def _bad_pool_quantization(b):
    x = b.tensor((1, 4, 4, 1), scale=0.1)
    b.operator("MAX_POOL_2D", [x], [b.tensor((1, 2, 2, 1), scale=0.2)],
               options("Pool2DOptions", padding=VALID, strideW=2, strideH=2, filterWidth=2,
                       filterHeight=2))
    return x


def _bad_broadcast(b):
    x = b.tensor((2, 3), scale=0.1)
    b.operator("ADD", [x, b.tensor((4, 3), scale=0.1)], [b.tensor((2, 3), scale=0.1)],
               options("AddOptions"))
    return x


def _three_axes_mean(b):
    x = b.tensor((2, 2, 2, 2), scale=0.1)
    axes = b.tensor((3,), "int32", data=np.array([0, 1, 2], np.int32))
    b.operator("MEAN", [x, axes], [b.tensor((2,), scale=0.1)], options("ReducerOptions"))
    return x


def _tiny_softmax_scale(b):
    x = b.tensor((1, 4), scale=2.0 ** -26)
    b.operator("SOFTMAX", [x], [b.tensor((1, 4), scale=1.0 / 256, zero_point=-128)],
               options("SoftmaxOptions", beta=1.0))
    return x


def _tiny_add_output_scale(b):
    x = b.tensor((2,), scale=1.0)
    b.operator("ADD", [x, b.tensor((2,), scale=1.0)], [b.tensor((2,), scale=1e-6)],
               options("AddOptions"))
    return x


@pytest.mark.parametrize("build, message", [
    (_bad_softmax_output, "scale 1/256 and zero point -128"),
    (_bad_pool_quantization, "must share one quantization"),
    (_bad_broadcast, "do not broadcast"),
    (_three_axes_mean, "at most 2"),
    (_tiny_add_output_scale, "outside (0, 1)"),
    (_tiny_softmax_scale, "too small"),
])
def test_unsupported_configurations_are_named(build, message):
    with pytest.raises(CfuError, match=r"layer 0 \(") as e:
        _import_one(build)
    assert message in str(e.value)


def test_chain_of_ops(build_dir):
    """The ops chained as the firmware runs them (arena reuse included): PAD, AVERAGE_POOL_2D,
    broadcast ADD, MUL, LOGISTIC, MEAN, QUANTIZE, MAX_POOL_2D, SOFTMAX."""
    b = ModelBuilder()
    q = dict(scale=0.05, zero_point=-10)
    x = b.tensor((1, 6, 6, 4), **q)
    pads = b.tensor((4, 2), "int32", data=np.array([[0, 0], [0, 1], [0, 1], [0, 0]], np.int32))
    padded = b.tensor((1, 7, 7, 4), **q)
    b.operator("PAD", [x, pads], [padded], options("PadOptions"))
    pooled = b.tensor((1, 4, 4, 4), **q)
    b.operator("AVERAGE_POOL_2D", [padded], [pooled],
               options("Pool2DOptions", padding=SAME, strideW=2, strideH=2, filterWidth=3, filterHeight=3))
    bias = b.tensor((4,), scale=0.02, zero_point=3)
    added = b.tensor((1, 4, 4, 4), scale=0.07, zero_point=0)
    b.operator("ADD", [pooled, bias], [added], options("AddOptions", fusedActivationFunction=1))
    scaled = b.tensor((1, 4, 4, 4), scale=0.1, zero_point=-5)
    b.operator("MUL", [added, added], [scaled], options("MulOptions"))
    sig = b.tensor((1, 4, 4, 4), scale=1.0 / 256, zero_point=-128)
    b.operator("LOGISTIC", [scaled], [sig])
    axes = b.tensor((1,), "int32", data=np.array([3], np.int32))
    mean = b.tensor((1, 4, 4, 1), scale=1.0 / 200, zero_point=-100)
    b.operator("MEAN", [sig, axes], [mean], options("ReducerOptions", keepDims=True))
    req = b.tensor((1, 4, 4, 1), scale=0.02, zero_point=7)
    b.operator("QUANTIZE", [mean], [req])
    maxed = b.tensor((1, 2, 2, 1), scale=0.02, zero_point=7)
    b.operator("MAX_POOL_2D", [req], [maxed],
               options("Pool2DOptions", padding=VALID, strideW=2, strideH=2, filterWidth=2, filterHeight=2))
    probs = b.tensor((1, 2, 2, 1), scale=1.0 / 256, zero_point=-128)
    b.operator("SOFTMAX", [maxed], [probs], options("SoftmaxOptions", beta=1.0))
    buf = b.build([x, bias], [probs])
    rng = np.random.default_rng(3)
    sets = [[rng.integers(-128, 128, (1, 6, 6, 4), dtype=np.int8),
             rng.integers(-128, 128, (4,), dtype=np.int8)] for _ in range(4)]
    results = check_against_tflm(buf, build_dir, sets)
    assert len(results) == 2 * 9 * len(sets)  # isolated and chained, every layer
    problems = [r.problem for r in results if not r.ok]
    assert not problems, "\n".join(problems[:10])
