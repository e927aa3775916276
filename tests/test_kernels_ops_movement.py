"""Data-movement operators against TFLite Micro, bit for bit: TRANSPOSE, STRIDED_SLICE, SLICE,
CONCATENATION, PACK, SPLIT, SPLIT_V, UNPACK (one strided-copy kernel, `strided_copy.c`).

Each test builds one synthetic model of many independent layers with seeded random shapes
(ranks 1-4, size-1 dimensions, negative axes, masks) and checks every layer alone and chained
on random and edge inputs.
"""

from __future__ import annotations

import numpy as np
import pytest

from cfu.model.testing import ModelBuilder, options
from op_models import check_layers, random_shape

LAYERS = 10


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("movement")


def _q(rng) -> dict:
    return dict(scale=float(np.float32(2.0 ** rng.uniform(-8, 0))), zero_point=int(rng.integers(-128, 128)))


def test_transpose(build_dir):
    rng, b, inputs = np.random.default_rng(1), ModelBuilder(), []
    for _ in range(LAYERS):
        shape = random_shape(rng, 1, 4)
        perm = rng.permutation(len(shape))
        q = _q(rng)
        x = b.tensor(shape, **q)
        p = b.tensor([len(shape)], "int32", data=np.array(perm, np.int32))
        y = b.tensor([shape[k] for k in perm], **q)
        b.operator("TRANSPOSE", [x, p], [y], options("TransposeOptions"))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_strided_slice(build_dir):
    rng, b, inputs = np.random.default_rng(2), ModelBuilder(), []
    for _ in range(3 * LAYERS):
        shape = random_shape(rng, 1, 4, high=7)
        rank = len(shape)
        begin = rng.integers(-8, 8, rank)
        end = rng.integers(-8, 8, rank)
        strides = rng.choice([-3, -2, -1, 1, 1, 2, 3], rank)
        masks = [int(rng.integers(0, 1 << rank)) for _ in range(3)]
        shrink = masks[2] & int(rng.integers(0, 1 << rank))
        out, valid = [], True
        for k, d in enumerate(shape):
            if shrink >> k & 1:  # TFLite Micro: the begin mask applies, the stride must be positive
                begin[k], strides[k] = rng.integers(-d, d), abs(strides[k])
                continue
            sl = slice(None if masks[0] >> k & 1 else int(begin[k]), None if masks[1] >> k & 1 else int(end[k]),
                       int(strides[k]))
            out.append(len(range(d)[sl]))
        if 0 in out:
            continue  # empty outputs are refused on import
        q = _q(rng)
        x = b.tensor(shape, **q)
        consts = [b.tensor([rank], "int32", data=np.array(v, np.int32)) for v in (begin, end, strides)]
        y = b.tensor(out, **q)
        b.operator("STRIDED_SLICE", [x, *consts], [y],
                   options("StridedSliceOptions", beginMask=masks[0], endMask=masks[1], shrinkAxisMask=shrink))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_slice(build_dir):
    rng, b, inputs = np.random.default_rng(3), ModelBuilder(), []
    for _ in range(LAYERS):
        shape = random_shape(rng, 1, 4)
        begin = [int(rng.integers(0, d)) for d in shape]
        size = [int(rng.integers(1, d - s + 1)) if rng.random() < 0.7 else -1 for d, s in zip(shape, begin)]
        q = _q(rng)
        x = b.tensor(shape, **q)
        y = b.tensor([d - s if n == -1 else n for d, s, n in zip(shape, begin, size)], **q)
        consts = [b.tensor([len(shape)], "int32", data=np.array(v, np.int32)) for v in (begin, size)]
        b.operator("SLICE", [x, *consts], [y], options("SliceOptions"))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_concatenation_and_pack(build_dir):
    rng, b, inputs = np.random.default_rng(4), ModelBuilder(), []
    for k in range(LAYERS):
        shape = random_shape(rng, 1, 4)
        rank, q = len(shape), _q(rng)
        count = int(rng.integers(1, 4))
        if k % 2:
            axis = int(rng.integers(-rank, rank))
            parts = [list(shape) for _ in range(count)]
            for p in parts:
                p[axis] = int(rng.integers(1, 4))
            xs = [b.tensor(p, **q) for p in parts]
            out = list(shape)
            out[axis] = sum(p[axis] for p in parts)
            y = b.tensor(out, **q)
            b.operator("CONCATENATION", xs, [y], options("ConcatenationOptions", axis=axis))
        else:
            shape = shape[:3]
            axis = int(rng.integers(-len(shape) - 1, len(shape) + 1))
            xs = [b.tensor(shape, **q) for _ in range(count)]
            out = list(shape)
            out.insert(axis % (len(shape) + 1), count)
            y = b.tensor(out, **q)
            b.operator("PACK", xs, [y], options("PackOptions", valuesCount=count, axis=axis))
        inputs += xs
    check_layers(b, inputs, build_dir)


def test_split_split_v_unpack(build_dir):
    rng, b, inputs = np.random.default_rng(5), ModelBuilder(), []
    for k in range(LAYERS):
        shape = random_shape(rng, 1, 4)
        rank, q = len(shape), _q(rng)
        axis = int(rng.integers(-rank, rank))
        count = int(rng.integers(1, 4))
        a = b.tensor([1], "int32", data=np.array([axis], np.int32))
        if k % 3 == 0:
            shape[axis] = count * int(rng.integers(1, 3))
            x = b.tensor(shape, **q)
            part = list(shape)
            part[axis] //= count
            ys = [b.tensor(part, **q) for _ in range(count)]
            b.operator("SPLIT", [a, x], ys, options("SplitOptions", numSplits=count))
        elif k % 3 == 1:
            sizes = [int(s) for s in rng.integers(1, 4, count)]
            shape[axis] = sum(sizes)
            x = b.tensor(shape, **q)
            ys = []
            for s in sizes:
                part = list(shape)
                part[axis] = s
                ys.append(b.tensor(part, **q))
            if count > 1:
                sizes[int(rng.integers(0, count))] = -1
            s = b.tensor([count], "int32", data=np.array(sizes, np.int32))
            b.operator("SPLIT_V", [x, s, a], ys, options("SplitVOptions", numSplits=count))
        else:
            shape[axis] = count
            x = b.tensor(shape, **q)
            part = [d for j, d in enumerate(shape) if j != axis % rank]
            ys = [b.tensor(part, **q) for _ in range(count)]
            b.operator("UNPACK", [x], ys, options("UnpackOptions", num=count, axis=axis))
        inputs.append(x)
    check_layers(b, inputs, build_dir)
