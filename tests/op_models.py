"""Shared by the tests/test_kernels_ops_*.py files: random shapes and the TFLite Micro check of a
synthetic model whose layers are independent (every operator output is a model output)."""

from __future__ import annotations

import numpy as np

from cfu.model.graph import parse_model
from cfu.model.testing import ModelBuilder, check_against_tflm


def random_shape(rng: np.random.Generator, low_rank: int, high_rank: int, high: int = 5) -> list[int]:
    """A shape of random rank whose dimensions are 1..high (size-1 dimensions are frequent)."""
    return [int(d) for d in rng.integers(1, high + 1, int(rng.integers(low_rank, high_rank + 1)))]


def input_sets(tensors, seed: int) -> list[list[np.ndarray]]:
    """Per input tensor (int8: two uniform random sets, one clustered around a random value, -128, 127, 0
    everywhere, every int8 value in a random order; float32: values over [-8, 8] of the same kinds; int16: the
    same kinds over the int16 range, the last set every 257th int16 value and small ones)."""
    rng = np.random.default_rng(seed)
    sets = [[_input_values(rng, t, kind) for t in tensors]
            for kind in ("uniform", "uniform", "clustered", "lowest", "highest", "zero", "every")]
    return sets


def _input_values(rng: np.random.Generator, tensor, kind: str) -> np.ndarray:
    """One input array of `kind` for `tensor` (see `input_sets`)."""
    shape = tuple(tensor.shape)
    low, high = (-32768, 32767) if tensor.dtype == "int16" else (-128, 127)
    if kind == "uniform":
        x = rng.integers(low, high + 1, shape)
    elif kind == "clustered":
        x = np.clip(rng.integers(low, high + 1) + rng.integers(-4, 5, shape), low, high)
    elif kind in ("lowest", "highest", "zero"):
        x = np.full(shape, {"lowest": low, "highest": high, "zero": 0}[kind])
    elif tensor.dtype == "int16":
        x = np.resize(rng.permutation(np.concatenate([np.arange(low, high + 1, 257), np.arange(-300, 300)])), shape)
    else:
        x = np.resize(rng.permutation(np.arange(low, high + 1)), shape)
    if tensor.dtype == "float32":
        return x.astype(np.float32) / np.float32(16)
    return x.astype(np.int16 if tensor.dtype == "int16" else np.int8)


def check_layers(b: ModelBuilder, inputs: list[int], build_dir, outputs: list[int] | None = None) -> None:
    """Every layer of the built model bit-exact with TFLite Micro, alone and chained (every operator output
    is a model output unless `outputs` says otherwise)."""
    if outputs is None:
        outputs = [t for op in b._sub.operators for t in op.outputs]
    check_model(b.build(inputs, outputs), build_dir)


def check_model(buf: bytes, build_dir) -> None:
    """Every layer of a `.tflite` model bit-exact with TFLite Micro, alone and chained, on `input_sets`."""
    sets = input_sets(parse_model(buf).inputs, len(buf))
    problems = [r.problem for r in check_against_tflm(buf, build_dir, sets) if not r.ok]
    assert not problems, "\n".join(problems[:10])


def random_quantization(rng: np.random.Generator) -> dict:
    """A float32 scale in 2^-8..2^0 and any int8 zero point, as `ModelBuilder.tensor` keywords."""
    return dict(scale=float(np.float32(2.0 ** rng.uniform(-8, 0))), zero_point=int(rng.integers(-128, 128)))
