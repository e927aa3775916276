"""Elementwise operators against TFLite Micro, bit for bit: SUB, SQUARED_DIFFERENCE, MAXIMUM,
MINIMUM (binary, broadcasting), and the activations.

Each test builds one synthetic model of many independent layers with seeded random shapes,
broadcast patterns, scales (2^-10..2^0) and zero points (the whole int8 range), and checks every
layer alone and chained on random, clustered and constant inputs.
"""

from __future__ import annotations

import numpy as np
import pytest

from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, options
from op_models import check_layers, random_shape

LAYERS = 12
ACTIVATIONS = [schema.ActivationFunctionType.NONE, schema.ActivationFunctionType.RELU,
               schema.ActivationFunctionType.RELU6, schema.ActivationFunctionType.RELU_N1_TO_1]


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("elementwise")


def scale(rng, low: float = -10, high: float = 0) -> float:
    return float(np.float32(2.0 ** rng.uniform(low, high)))


def zero_point(rng) -> int:
    return int(rng.choice([-128, 127, 0, *rng.integers(-128, 128, 3)]))


def broadcast_pair(rng) -> tuple[list[int], list[int]]:
    """Two shapes that broadcast: size-1 dims either side, one possibly of lower rank."""
    full = random_shape(rng, 1, 4)
    if rng.random() < 0.3:
        return full, list(full)
    a = [d if rng.random() < 0.6 else 1 for d in full]
    b = [d if rng.random() < 0.6 else 1 for d in full]
    return a[int(rng.integers(0, len(a))):], b


@pytest.mark.parametrize("op", ["SUB", "SQUARED_DIFFERENCE", "MAXIMUM", "MINIMUM"])
def test_binary(op, build_dir):
    rng, b, inputs = np.random.default_rng(len(op)), ModelBuilder(), []
    for _ in range(LAYERS):
        sa, sb = broadcast_pair(rng)
        s1, s2 = scale(rng), scale(rng)
        if op == "MAXIMUM" or op == "MINIMUM":
            s2, s_out = s1, s1
        elif op == "SUB":
            s_out = float(np.float32(max(s1, s2) * 2.0 ** rng.uniform(-4, 5)))
        else:
            s_out = float(np.float32(max(s1, s2) ** 2 * 2.0 ** rng.uniform(-2, 12)))
        x1 = b.tensor(sa, scale=s1, zero_point=zero_point(rng))
        x2 = b.tensor(sb, scale=s2, zero_point=zero_point(rng))
        y = b.tensor(np.broadcast_shapes(tuple(sa), tuple(sb)), scale=s_out, zero_point=zero_point(rng))
        opts = (options("SubOptions", fusedActivationFunction=int(rng.choice(ACTIVATIONS))) if op == "SUB"
                else None)
        b.operator(op, [x1, x2], [y], opts)
        inputs += [x1, x2]
    check_layers(b, inputs, build_dir)


UNARY = ["RELU", "RELU6", "LEAKY_RELU", "ELU", "TANH", "HARD_SWISH"]


def _unary_quantization(op: str, rng) -> tuple[dict, dict]:
    inq = dict(scale=scale(rng, -8, 1), zero_point=zero_point(rng))
    if op == "RELU6":
        return inq, inq
    if op == "TANH":
        return inq, dict(scale=1.0 / 128, zero_point=0)
    low = -7 if op == "HARD_SWISH" else -8  # HARD_SWISH needs output scale > input scale / 128
    out_scale = float(np.float32(max(inq["scale"] * 2.0 ** rng.uniform(-5, 3), inq["scale"] * 2.0 ** low)))
    return inq, dict(scale=out_scale, zero_point=zero_point(rng))


@pytest.mark.parametrize("op", UNARY)
def test_activation(op, build_dir):
    rng, b, inputs = np.random.default_rng(len(op) + 100), ModelBuilder(), []
    for _ in range(LAYERS):
        shape = random_shape(rng, 1, 4, high=7)
        inq, outq = _unary_quantization(op, rng)
        x, y = b.tensor(shape, **inq), b.tensor(shape, **outq)
        opts = (options("LeakyReluOptions", alpha=float(rng.choice([0.01, 0.1, 0.2, 0.3, 0.5, 1.5, -0.2])))
                if op == "LEAKY_RELU" else None)
        b.operator(op, [x], [y], opts)
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_prelu(build_dir):
    rng, b, inputs = np.random.default_rng(42), ModelBuilder(), []
    for _ in range(LAYERS):
        shape, alpha_shape = broadcast_pair(rng)
        shape = list(np.broadcast_shapes(tuple(shape), tuple(alpha_shape)))
        s = scale(rng, -8, 0)
        x = b.tensor(shape, scale=s, zero_point=zero_point(rng))
        alpha = rng.integers(-128, 128, alpha_shape).astype(np.int8)
        a = b.tensor(alpha_shape, scale=scale(rng, -9, -6), zero_point=zero_point(rng), data=alpha)
        y = b.tensor(shape, scale=float(np.float32(s * 2.0 ** rng.uniform(-3, 3))), zero_point=zero_point(rng))
        b.operator("PRELU", [x, a], [y])
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_l2_normalization(build_dir):
    rng, b, inputs = np.random.default_rng(7), ModelBuilder(), []
    for _ in range(LAYERS):
        shape = random_shape(rng, 1, 4, high=9)
        x = b.tensor(shape, scale=scale(rng, -8, 0), zero_point=zero_point(rng))
        y = b.tensor(shape, scale=1.0 / 128, zero_point=0)
        b.operator("L2_NORMALIZATION", [x], [y], options("L2NormOptions"))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_log_softmax(build_dir):
    rng, b, inputs = np.random.default_rng(8), ModelBuilder(), []
    for _ in range(LAYERS):
        shape = random_shape(rng, 1, 4, high=9)
        x = b.tensor(shape, scale=scale(rng, -6, 1), zero_point=zero_point(rng))
        y = b.tensor(shape, scale=16.0 / 256, zero_point=127)
        b.operator("LOG_SOFTMAX", [x], [y], options("LogSoftmaxOptions"))
        inputs.append(x)
    check_layers(b, inputs, build_dir)
