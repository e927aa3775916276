"""Malformed and truncated `.tflite` files get a `CfuError`, never a crash (docs/interfaces.md,
"Bad input, and what it gets").

A saved corpus (tests/data/model_fuzz: mutations of a small CONV_2D + RESHAPE model, one per
distinct error) plus seeded random mutations: truncation, byte flips, overwritten words
(huge vector lengths and offsets), insertions, on the small model and a real one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfu.errors import CfuError
from cfu.model.importer import import_model
from cfu.model.testing import ModelBuilder, options
from cfu.paths import mlperf_models_dir

CORPUS = sorted((Path(__file__).parent / "data" / "model_fuzz").glob("*.tflite"))
KWS = mlperf_models_dir() / "kws_ref_model.tflite"


def small_model() -> bytes:
    rng = np.random.default_rng(0)
    b = ModelBuilder()
    x = b.tensor((1, 4, 4, 2), scale=0.05, zero_point=3)
    f = b.tensor((3, 2, 2, 2), scale=[0.01, 0.02, 0.03], zero_point=[0, 0, 0],
                 data=rng.integers(-127, 128, (3, 2, 2, 2), dtype=np.int8))
    bias = b.tensor((3,), "int32", [0.0005, 0.001, 0.0015], [0, 0, 0],
                    data=np.array([1, 2, 3], np.int32))
    y = b.tensor((1, 4, 4, 3), scale=0.1, zero_point=-2)
    b.operator("CONV_2D", [x, f, bias], [y], options(
        "Conv2DOptions", strideW=1, strideH=1, dilationWFactor=1, dilationHFactor=1,
        fusedActivationFunction=1))
    shape = b.tensor((2,), "int32", data=np.array([1, 48], np.int32))
    r = b.tensor((1, 48), scale=0.1, zero_point=-2)
    b.operator("RESHAPE", [y, shape], [r], options("ReshapeOptions", newShape=[1, 48]))
    return b.build([x], [r])


def import_or_cfu_error(buf: bytes) -> None:
    try:
        import_model(buf)
    except CfuError as e:
        assert str(e)


def test_small_model_imports():
    model = import_model(small_model())
    assert [op.name for op in model.graph.operators] == ["CONV_2D", "RESHAPE"]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_saved_corpus(path):
    import_or_cfu_error(path.read_bytes())


def test_corpus_present():
    assert len(CORPUS) >= 40


MUTATION = st.tuples(st.sampled_from(["truncate", "flip", "word", "insert"]),
                     st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=16))


def mutate(buf: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    data = bytearray(buf)
    for kind, where, payload in mutations:
        p = int(where * len(data)) if data else 0
        if kind == "truncate":
            data = data[:p]
        elif kind == "flip" and data:
            data[p] = payload[0]
        elif kind == "word" and len(data) >= 4:
            p = min(p, len(data) - 4)
            word = [0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, len(data), 0][payload[0] % 5]
            data[p:p + 4] = word.to_bytes(4, "little")
        elif kind == "insert":
            data[p:p] = payload
    return bytes(data)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_small_model(mutations):
    import_or_cfu_error(mutate(SMALL, mutations))


def test_mutated_real_model():
    if not KWS.exists():
        pytest.skip(f"{KWS} not present")
    buf = KWS.read_bytes()
    rng = np.random.default_rng(0)
    for _ in range(150):
        kind = ["truncate", "flip", "word", "insert"][int(rng.integers(4))]
        payload = bytes(rng.integers(0, 256, 8, dtype=np.uint8))
        import_or_cfu_error(mutate(buf, [(kind, float(rng.random()), payload)]))


def test_every_truncation_of_small_model():
    for n in range(len(SMALL)):
        with pytest.raises(CfuError):
            import_model(SMALL[:n])


SMALL = small_model()
