"""Shared by the tests/test_kernels_ops_*.py files: random shapes and the TFLite Micro check of a
synthetic model whose layers are independent (every operator output is a model output)."""

from __future__ import annotations

import numpy as np

from cfu.model.graph import parse_model
from cfu.model.testing import ModelBuilder, check_against_tflm


def random_shape(rng: np.random.Generator, low_rank: int, high_rank: int, high: int = 5) -> list[int]:
    """A shape of random rank whose dimensions are 1..high (size-1 dimensions are frequent)."""
    return [int(d) for d in rng.integers(1, high + 1, int(rng.integers(low_rank, high_rank + 1)))]


def input_sets(shapes: list[tuple[int, ...]], seed: int) -> list[list[np.ndarray]]:
    """Two uniform random int8 sets, one clustered around a random value, -128, 127, 0 everywhere, and
    every int8 value in a random order (repeated or cut to the shape)."""
    rng = np.random.default_rng(seed)
    sets = [[rng.integers(-128, 128, s, dtype=np.int8) for s in shapes] for _ in range(2)]
    sets.append([np.clip(rng.integers(-128, 128) + rng.integers(-4, 5, s), -128, 127).astype(np.int8)
                 for s in shapes])
    sets += [[np.full(s, v, np.int8) for s in shapes] for v in (-128, 127, 0)]
    sets.append([np.resize(rng.permutation(np.arange(-128, 128, dtype=np.int8)), s) for s in shapes])
    return sets


def check_layers(b: ModelBuilder, inputs: list[int], build_dir, outputs: list[int] | None = None) -> None:
    """Every layer of the model bit-exact with TFLite Micro, alone and chained."""
    if outputs is None:
        outputs = [t for op in b._sub.operators for t in op.outputs]
    buf = b.build(inputs, outputs)
    shapes = [t.shape for t in parse_model(buf).inputs]
    problems = [r.problem for r in check_against_tflm(buf, build_dir, input_sets(shapes, len(buf))) if not r.ok]
    assert not problems, "\n".join(problems[:10])
