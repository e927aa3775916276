"""CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, RESHAPE against TFLite Micro, bit for bit.

Synthetic models built in pure Python: many independent single-op layers in one model (one
host build, one TFLite Micro run), random seeded configurations plus edge cases (strides,
SAME/VALID, dilation, depth multiplier, groups, per-tensor vs per-channel, activations,
multipliers above 1, extreme inputs).
"""

from __future__ import annotations

import numpy as np
import pytest

from cfu.model.graph import parse_model
from cfu.model.schema import schema
from cfu.model.host import HostModel
from cfu.model.importer import import_model
from cfu.model.testing import ModelBuilder, TflmReference, check_against_tflm, compare, options

ACTIVATIONS = [schema.ActivationFunctionType.NONE, schema.ActivationFunctionType.RELU,
               schema.ActivationFunctionType.RELU6, schema.ActivationFunctionType.RELU_N1_TO_1]
SAME, VALID = schema.Padding.SAME, schema.Padding.VALID


def _out(padding: int, size: int, k: int, stride: int, dilation: int) -> int:
    eff = (k - 1) * dilation + 1
    return (size + stride - 1) // stride if padding == SAME else (size + stride - eff) // stride


def _scales(rng: np.random.Generator, n: int, per_channel: bool) -> list[float]:
    s = rng.uniform(0.002, 0.05, n if per_channel else 1).astype(np.float32)
    return [float(x) for x in s]


def _output_scale(rng: np.random.Generator, in_scale: float, w_scale: float, depth: int) -> float:
    # Mostly a real multiplier well below 1; sometimes above 1 (a positive shift).
    spread = rng.choice([0.05, 1.0, 4.0]) if rng.random() < 0.2 else rng.uniform(2, 30)
    return float(np.float32(in_scale * w_scale * np.sqrt(depth) * 127 / spread))


def add_conv(b: ModelBuilder, rng: np.random.Generator, depthwise: bool, **fixed) -> int:
    """Add one random CONV_2D / DEPTHWISE_CONV_2D layer on its own input; returns the input index."""
    cfg = dict(n=int(rng.integers(1, 3)), h=int(rng.integers(1, 10)), w=int(rng.integers(1, 10)),
               c=int(rng.integers(1, 7)), kh=int(rng.integers(1, 5)), kw=int(rng.integers(1, 5)),
               sh=int(rng.integers(1, 4)), sw=int(rng.integers(1, 4)),
               dh=int(rng.choice([1, 1, 2, 3])), dw=int(rng.choice([1, 1, 2])),
               padding=int(rng.choice([SAME, VALID])), act=int(rng.choice(ACTIVATIONS)),
               mult=int(rng.integers(1, 4)), out_c=int(rng.integers(1, 9)),
               groups=int(rng.choice([1, 1, 1, 2])), per_channel=bool(rng.random() < 0.8),
               bias=bool(rng.random() < 0.9))
    cfg.update(fixed)
    if cfg["padding"] == VALID:  # keep at least one output
        cfg["h"] = max(cfg["h"], (cfg["kh"] - 1) * cfg["dh"] + 1)
        cfg["w"] = max(cfg["w"], (cfg["kw"] - 1) * cfg["dw"] + 1)
    n, h, w, c, kh, kw = (cfg[k] for k in ("n", "h", "w", "c", "kh", "kw"))
    if depthwise:
        out_c = c * cfg["mult"]
        fshape = (1, kh, kw, out_c)
        qdim, depth = 3, kh * kw
    else:
        c *= cfg["groups"]
        out_c = cfg["out_c"] * cfg["groups"]
        fshape = (out_c, kh, kw, c // cfg["groups"])
        qdim, depth = 0, kh * kw * c // cfg["groups"]
    oh = _out(cfg["padding"], h, kh, cfg["sh"], cfg["dh"])
    ow = _out(cfg["padding"], w, kw, cfg["sw"], cfg["dw"])
    in_scale = float(np.float32(rng.uniform(0.005, 0.1)))
    w_scales = _scales(rng, out_c, cfg["per_channel"])
    x = b.tensor((n, h, w, c), scale=in_scale, zero_point=int(rng.integers(-128, 128)))
    f = b.tensor(fshape, scale=w_scales, zero_point=[0] * len(w_scales), quantized_dimension=qdim,
                 data=rng.integers(-127, 128, fshape, dtype=np.int8))
    ins = [x, f]
    if cfg["bias"]:
        bias_scales = [in_scale * s for s in w_scales]
        ins.append(b.tensor((out_c,), "int32", bias_scales, [0] * len(bias_scales), quantized_dimension=0,
                            data=rng.integers(-(1 << 15), 1 << 15, out_c, dtype=np.int32)))
    y = b.tensor((n, oh, ow, out_c), scale=_output_scale(rng, in_scale, float(np.mean(w_scales)), depth),
                 zero_point=int(rng.integers(-128, 128)))
    common = dict(padding=cfg["padding"], strideW=cfg["sw"], strideH=cfg["sh"],
                  fusedActivationFunction=cfg["act"], dilationWFactor=cfg["dw"],
                  dilationHFactor=cfg["dh"])
    if depthwise:
        b.operator("DEPTHWISE_CONV_2D", ins, [y], options("DepthwiseConv2DOptions",
                                                          depthMultiplier=cfg["mult"], **common))
    else:
        b.operator("CONV_2D", ins, [y], options("Conv2DOptions", **common))
    return x


def add_fully_connected(b: ModelBuilder, rng: np.random.Generator, **fixed) -> int:
    cfg = dict(batches=int(rng.integers(1, 4)), depth=int(rng.integers(1, 48)),
               units=int(rng.integers(1, 24)), act=int(rng.choice(ACTIVATIONS)),
               bias=bool(rng.random() < 0.9), per_channel=False)
    cfg.update(fixed)
    bt, d, u = cfg["batches"], cfg["depth"], cfg["units"]
    in_scale = float(np.float32(rng.uniform(0.005, 0.1)))
    w_scales = _scales(rng, u, cfg["per_channel"])
    x = b.tensor((bt, d), scale=in_scale, zero_point=int(rng.integers(-128, 128)))
    f = b.tensor((u, d), scale=w_scales, zero_point=[0] * len(w_scales),
                 data=rng.integers(-127, 128, (u, d), dtype=np.int8))
    ins = [x, f]
    if cfg["bias"]:
        ins.append(b.tensor((u,), "int32", [in_scale * s for s in w_scales], [0] * len(w_scales),
                            data=rng.integers(-(1 << 15), 1 << 15, u, dtype=np.int32)))
    else:
        ins.append(-1)
    y = b.tensor((bt, u), scale=_output_scale(rng, in_scale, float(np.mean(w_scales)), d),
                 zero_point=int(rng.integers(-128, 128)))
    b.operator("FULLY_CONNECTED", ins, [y], options("FullyConnectedOptions",
                                                     fusedActivationFunction=cfg["act"]))
    return x


def _inputs(b_inputs: list[int], shapes: dict[int, tuple], rng: np.random.Generator) -> list[list[np.ndarray]]:
    """Random inputs, then the edge inputs: all -128, all 127."""
    sets = [[rng.integers(-128, 128, shapes[i], dtype=np.int8) for i in b_inputs] for _ in range(2)]
    for v in (-128, 127):
        sets.append([np.full(shapes[i], v, np.int8) for i in b_inputs])
    return sets


def _run(b: ModelBuilder, inputs: list[int], rng: np.random.Generator, tmp_path) -> None:
    """Every layer's output is a model output; compare all of them with TFLite Micro."""
    buf = b.build(inputs, b.operator_outputs())
    shapes = {t.index: t.shape for t in parse_model(buf).inputs}
    results = check_against_tflm(buf, tmp_path, _inputs(inputs, shapes, rng))
    problems = [r.problem for r in results if not r.ok]
    assert not problems, "\n".join(problems[:10])


@pytest.mark.parametrize("seed", range(3))
def test_conv_2d_random(seed, tmp_path):
    rng = np.random.default_rng(100 + seed)
    b = ModelBuilder()
    inputs = [add_conv(b, rng, depthwise=False) for _ in range(25)]
    _run(b, inputs, rng, tmp_path)


@pytest.mark.parametrize("seed", range(3))
def test_depthwise_conv_2d_random(seed, tmp_path):
    rng = np.random.default_rng(200 + seed)
    b = ModelBuilder()
    inputs = [add_conv(b, rng, depthwise=True) for _ in range(25)]
    _run(b, inputs, rng, tmp_path)


def test_conv_edge_cases(tmp_path):
    rng = np.random.default_rng(7)
    b = ModelBuilder()
    cases = [
        dict(padding=SAME, sh=2, sw=2, kh=3, kw=3, h=8, w=8),        # even input, odd padding split
        dict(padding=SAME, sh=2, sw=1, kh=4, kw=2, h=7, w=5),        # even kernel
        dict(padding=VALID, sh=3, sw=3, kh=3, kw=3, h=9, w=9),
        dict(padding=SAME, dh=2, dw=3, kh=3, kw=3, h=9, w=9),        # dilation with padding
        dict(kh=1, kw=1, sh=1, sw=1, h=1, w=1),                      # 1x1 on 1x1
        dict(kh=4, kw=4, h=2, w=2, padding=SAME),                    # kernel larger than input
        dict(groups=2, out_c=3, c=2),                                # grouped convolution
        dict(per_channel=False),
        dict(bias=False),
    ] + [dict(act=a) for a in ACTIVATIONS]
    inputs = [add_conv(b, rng, depthwise=False, **c) for c in cases]
    _run(b, inputs, rng, tmp_path)


def test_depthwise_edge_cases(tmp_path):
    rng = np.random.default_rng(8)
    b = ModelBuilder()
    cases = [
        dict(mult=1, padding=SAME, sh=2, sw=2, kh=3, kw=3, h=8, w=8),
        dict(mult=3, padding=VALID, c=2),
        dict(mult=2, dh=2, dw=2, padding=SAME, kh=3, kw=3, h=6, w=6),
        dict(per_channel=False, mult=2),
        dict(bias=False),
    ] + [dict(act=a) for a in ACTIVATIONS]
    inputs = [add_conv(b, rng, depthwise=True, **c) for c in cases]
    _run(b, inputs, rng, tmp_path)


def test_fully_connected(tmp_path):
    rng = np.random.default_rng(9)
    b = ModelBuilder()
    cases = [dict() for _ in range(20)] + [dict(bias=False), dict(batches=1, depth=1, units=1),
                                           dict(per_channel=True, units=5)]
    cases += [dict(act=a) for a in ACTIVATIONS]
    inputs = [add_fully_connected(b, rng, **c) for c in cases]
    _run(b, inputs, rng, tmp_path)


def test_reshape_then_fully_connected(tmp_path):
    """RESHAPE (4-D to 2-D, as in the MLPerf models) chained into FULLY_CONNECTED."""
    rng = np.random.default_rng(10)
    b = ModelBuilder()
    x = b.tensor((1, 1, 1, 16), scale=0.05, zero_point=-3)
    shape = b.tensor((2,), "int32", data=np.array([-1, 16], np.int32))
    r = b.tensor((1, 16), scale=0.05, zero_point=-3)
    b.operator("RESHAPE", [x, shape], [r], options("ReshapeOptions", newShape=[-1, 16]))
    f = b.tensor((4, 16), scale=0.02, data=rng.integers(-127, 128, (4, 16), dtype=np.int8))
    y = b.tensor((1, 4), scale=0.1, zero_point=5)
    b.operator("FULLY_CONNECTED", [r, f, -1], [y], options("FullyConnectedOptions"))
    buf = b.build([x], [y])
    results = check_against_tflm(buf, tmp_path, [[rng.integers(-128, 128, (1, 1, 1, 16), dtype=np.int8)]])
    assert [r.problem for r in results if not r.ok] == []
    assert len(results) == 4  # 2 layers, isolated and chained


def test_model_invoke_runs_the_chain_and_times_every_layer(tmp_path):
    """`model_invoke` (the firmware's entry point) gives TFLite Micro's output, one timing per layer."""
    rng = np.random.default_rng(11)
    b = ModelBuilder()
    x = add_conv(b, rng, depthwise=False, n=1, h=6, w=6, c=3, padding=SAME, sh=1, sw=1, dh=1, dw=1)
    y = b.operator_outputs()[-1]
    buf = b.build([x], [y])
    model = import_model(buf)
    host = HostModel(model, tmp_path)
    data = rng.integers(-128, 128, (1, 6, 6, 3), dtype=np.int8)
    host.write(x, data)
    ticks = host.invoke()
    assert len(ticks) == 1 and ticks[0] > 0
    np.testing.assert_array_equal(host.read(y), TflmReference(buf).run([data])[y])


def test_harness_reports_first_difference():
    expected = np.zeros((1, 2, 2, 3), np.int8)
    got = expected.copy()
    got[0, 1, 0, 2] = 5
    result = compare(4, "CONV_2D", expected, got)
    assert not result.ok
    assert result.problem == ("layer 4 (CONV_2D): first difference at output index (0, 1, 0, 2): "
                              "expected 0, got 5 (1 of 12 elements differ)")
