"""Shared by the tests/test_kernels_ops_*.py files: random shapes and the TFLite Micro check of a
synthetic model whose layers are independent (every operator output is a model output)."""

from __future__ import annotations

import numpy as np

from cfu.model.graph import parse_model
from cfu.model.schema import schema
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


def transpose_conv_geometry(rng: np.random.Generator, k: int) -> tuple:
    """The k-th random TRANSPOSE_CONV layer's geometry: (n, h, w, in_c, out_c, kh, kw, sh, sw, out_h, out_w,
    padding), SAME padding on even k, else VALID."""
    n, h, w, in_c, out_c = (int(v) for v in rng.integers(1, 5, 5))
    kh, kw, sh, sw = (int(v) for v in rng.integers(1, 4, 4))
    padding = [schema.Padding.SAME, schema.Padding.VALID][k % 2]
    out_h = h * sh if padding == schema.Padding.SAME else (h - 1) * sh + kh
    out_w = w * sw if padding == schema.Padding.SAME else (w - 1) * sw + kw
    return n, h, w, in_c, out_c, kh, kw, sh, sw, out_h, out_w, padding


def batch_matmul_shapes(rng: np.random.Generator, k: int) -> tuple[list[int], list[int], list[int], bool, bool]:
    """The k-th random BATCH_MATMUL layer: lhs, rhs and output shapes (rank 2-4, broadcast batch dimensions,
    size-1 dimensions), adj_x, adj_y (all four combinations over k)."""
    m, n, depth = (int(v) for v in rng.integers(1, 6, 3))
    batch = [int(v) for v in rng.integers(1, 4, int(rng.integers(0, 3)))]
    lb = [d if rng.random() < 0.6 else 1 for d in batch][int(rng.integers(0, len(batch) + 1)):]
    rb = [d if rng.random() < 0.6 else 1 for d in batch]
    adj_x, adj_y = bool(k % 2), bool(k // 2 % 2)
    return ([*lb, *((depth, m) if adj_x else (m, depth))], [*rb, *((n, depth) if adj_y else (depth, n))],
            [*np.broadcast_shapes(tuple(lb), tuple(rb)), m, n], adj_x, adj_y)
