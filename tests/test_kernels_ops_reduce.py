"""Reductions and resizing against TFLite Micro, bit for bit: SUM, REDUCE_MAX, ARG_MAX, ARG_MIN,
RESIZE_NEAREST_NEIGHBOR, RESIZE_BILINEAR (seeded random shapes, axes, keep_dims, sizes up and
down, align_corners and half_pixel_centers)."""

from __future__ import annotations

import numpy as np
import pytest

from cfu.model.testing import ModelBuilder, options
from op_models import check_layers, random_quantization, random_shape

LAYERS = 12


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("reduce")


@pytest.mark.parametrize("op", ["SUM", "REDUCE_MAX"])
def test_reduction(op, build_dir):
    rng, b, inputs = np.random.default_rng(len(op)), ModelBuilder(), []
    for _ in range(LAYERS):
        shape = random_shape(rng, 1, 4)
        rank = len(shape)
        axes = rng.choice(rank, int(rng.integers(1, min(rank, 2) + 1)), replace=False)
        axes = [int(a) - rank * int(rng.integers(0, 2)) for a in axes]
        keep = bool(rng.integers(0, 2))
        reduced = {a % rank for a in axes}
        out = [1 if k in reduced else d for k, d in enumerate(shape)] if keep else \
              [d for k, d in enumerate(shape) if k not in reduced]
        inq = random_quantization(rng)
        outq = inq if op == "REDUCE_MAX" else dict(scale=float(np.float32(inq["scale"] * 2.0 ** rng.uniform(-1, 5))),
                                                   zero_point=int(rng.integers(-128, 128)))
        x = b.tensor(shape, **inq)
        a = b.tensor([len(axes)], "int32", data=np.array(axes, np.int32))
        y = b.tensor(out, **outq)
        b.operator(op, [x, a], [y], options("ReducerOptions", keepDims=keep))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_arg_max_and_arg_min(build_dir):
    rng, b, inputs = np.random.default_rng(11), ModelBuilder(), []
    for k in range(LAYERS):
        shape = random_shape(rng, 1, 4)
        axis = int(rng.integers(-len(shape), len(shape)))
        x = b.tensor(shape, **random_quantization(rng))
        a = b.tensor([1], "int32", data=np.array([axis], np.int32))
        y = b.tensor([d for j, d in enumerate(shape) if j != axis % len(shape)], "int32")
        op, kind = ("ARG_MAX", "ArgMaxOptions") if k % 2 else ("ARG_MIN", "ArgMinOptions")
        b.operator(op, [x, a], [y], options(kind, outputType=2))  # int32 output
        inputs.append(x)
    check_layers(b, inputs, build_dir)


@pytest.mark.parametrize("op", ["RESIZE_NEAREST_NEIGHBOR", "RESIZE_BILINEAR"])
def test_resize(op, build_dir):
    rng, b, inputs = np.random.default_rng(len(op)), ModelBuilder(), []
    kind = "ResizeNearestNeighborOptions" if op == "RESIZE_NEAREST_NEIGHBOR" else "ResizeBilinearOptions"
    for k in range(LAYERS):
        n, h, w, c = (int(v) for v in rng.integers(1, 6, 4))
        size = [int(v) for v in rng.integers(1, 12, 2)]
        mode = k % 3  # plain, align_corners, half_pixel_centers
        q = random_quantization(rng)
        x = b.tensor([n, h, w, c], **q)
        s = b.tensor([2], "int32", data=np.array(size, np.int32))
        y = b.tensor([n, *size, c], **q)
        b.operator(op, [x, s], [y], options(kind, alignCorners=mode == 1, halfPixelCenters=mode == 2))
        inputs.append(x)
    check_layers(b, inputs, build_dir)
