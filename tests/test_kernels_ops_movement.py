"""Data-movement operators against TFLite Micro, bit for bit: TRANSPOSE, STRIDED_SLICE, SLICE,
CONCATENATION, PACK, SPLIT, SPLIT_V, UNPACK (one strided-copy kernel, `strided_copy.c`).

Each test builds one synthetic model of many independent layers with seeded random shapes
(ranks 1-4, size-1 dimensions, negative axes, masks) and checks every layer alone and chained
on random and edge inputs.
"""

from __future__ import annotations

import numpy as np
import pytest

from cfu.model.host import HostModel
from cfu.model.importer import import_model
from cfu.model.testing import ModelBuilder, options
from op_models import check_layers, random_quantization, random_shape

LAYERS = 10


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("movement")


def test_transpose(build_dir):
    rng, b, inputs = np.random.default_rng(1), ModelBuilder(), []
    for _ in range(LAYERS):
        shape = random_shape(rng, 1, 4)
        perm = rng.permutation(len(shape))
        q = random_quantization(rng)
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
        q = random_quantization(rng)
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
        q = random_quantization(rng)
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
        rank, q = len(shape), random_quantization(rng)
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
        rank, q = len(shape), random_quantization(rng)
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


def test_squeeze_expand_dims_and_the_keras_flatten(build_dir):
    """SQUEEZE and EXPAND_DIMS layers, and Keras 3's Flatten with a dynamic batch:
    SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE, on int32 shape tensors."""
    rng, b, inputs = np.random.default_rng(6), ModelBuilder(), []
    for k in range(LAYERS):
        shape = random_shape(rng, 1, 3)
        q = random_quantization(rng)
        if k % 2:
            x = b.tensor([*shape, 1], **q)
            dims = [] if rng.random() < 0.5 else [-1]
            y = b.tensor(shape if dims else [d for d in shape if d != 1], **q)
            b.operator("SQUEEZE", [x], [y], options("SqueezeOptions", squeezeDims=dims))
        else:
            x = b.tensor(shape, **q)
            axis = int(rng.integers(-len(shape) - 1, len(shape) + 1))
            out = list(shape)
            out.insert(axis % (len(shape) + 1), 1)
            a = b.tensor([1], "int32", data=np.array([axis], np.int32))
            y = b.tensor(out, **q)
            b.operator("EXPAND_DIMS", [x, a], [y])
        inputs.append(x)
    x = b.tensor([2, 3, 4, 5], scale=0.5, zero_point=3)
    shape = b.tensor([4], "int32")
    batch = b.tensor([], "int32")
    consts = [b.tensor([1], "int32", data=np.array([v], np.int32)) for v in (0, 1, 1)]
    b.operator("SHAPE", [x], [shape], options("ShapeOptions"))
    b.operator("STRIDED_SLICE", [shape, *consts], [batch], options("StridedSliceOptions", shrinkAxisMask=1))
    minus_one = b.tensor([], "int32", data=np.array(-1, np.int32))
    new_shape = b.tensor([2], "int32")
    b.operator("PACK", [batch, minus_one], [new_shape], options("PackOptions", valuesCount=2))
    y = b.tensor([2, 60], scale=0.5, zero_point=3)
    b.operator("RESHAPE", [x, new_shape], [y])
    check_layers(b, [*inputs, x], build_dir)


def test_space_depth_and_batch(build_dir):
    rng, b, inputs = np.random.default_rng(7), ModelBuilder(), []
    for k in range(2 * LAYERS):
        block = int(rng.integers(1, 4))
        n, h, w, c = (int(v) for v in rng.integers(1, 4, 4))
        q = random_quantization(rng)
        kind = k % 4
        if kind == 0:
            x = b.tensor([n, h * block, w * block, c], **q)
            y = b.tensor([n, h, w, c * block * block], **q)
            b.operator("SPACE_TO_DEPTH", [x], [y], options("SpaceToDepthOptions", blockSize=block))
        elif kind == 1:
            x = b.tensor([n, h, w, c * block * block], **q)
            y = b.tensor([n, h * block, w * block, c], **q)
            b.operator("DEPTH_TO_SPACE", [x], [y], options("DepthToSpaceOptions", blockSize=block))
        elif kind == 2:
            bh, bw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
            crops = [int(rng.integers(0, min(3, h * bh))), 0, int(rng.integers(0, min(3, w * bw))), 0]
            crops[1] = int(rng.integers(0, h * bh - crops[0]))
            crops[3] = int(rng.integers(0, w * bw - crops[2]))
            x = b.tensor([n * bh * bw, h, w, c], **q)
            y = b.tensor([n, h * bh - crops[0] - crops[1], w * bw - crops[2] - crops[3], c], **q)
            blk = b.tensor([2], "int32", data=np.array([bh, bw], np.int32))
            cr = b.tensor([2, 2], "int32", data=np.array(crops, np.int32).reshape(2, 2))
            b.operator("BATCH_TO_SPACE_ND", [x, blk, cr], [y], options("BatchToSpaceNDOptions"))
        else:
            bh, bw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
            pads = [0, (-h) % bh, 0, (-w) % bw]  # only where TFLite Micro's padding is defined: none
            h, w = h + pads[1], w + pads[3]
            pads[1] = pads[3] = 0
            x = b.tensor([n, h, w, c], **q)
            y = b.tensor([n * bh * bw, (h + pads[0] + pads[1]) // bh, (w + pads[2] + pads[3]) // bw, c], **q)
            blk = b.tensor([2], "int32", data=np.array([bh, bw], np.int32))
            pd = b.tensor([2, 2], "int32", data=np.array(pads, np.int32).reshape(2, 2))
            b.operator("SPACE_TO_BATCH_ND", [x, blk, pd], [y], options("SpaceToBatchNDOptions"))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_mirror_pad(build_dir):
    rng, b, inputs = np.random.default_rng(8), ModelBuilder(), []
    for k in range(LAYERS):
        shape = random_shape(rng, 1, 4)
        mode = k % 2
        limit = [d - 1 if mode == 0 else d for d in shape]
        pads = np.array([[rng.integers(0, m + 1), rng.integers(0, m + 1)] for m in limit], np.int32)
        q = random_quantization(rng)
        x = b.tensor(shape, **q)
        p = b.tensor(pads.shape, "int32", data=pads)
        y = b.tensor([d + lo + hi for d, (lo, hi) in zip(shape, pads)], **q)
        b.operator("MIRROR_PAD", [x, p], [y], options("MirrorPadOptions", mode=mode))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_gather(build_dir):
    rng, b, inputs = np.random.default_rng(9), ModelBuilder(), []
    for _ in range(LAYERS):
        shape = random_shape(rng, 1, 3)
        axis = int(rng.integers(-len(shape), len(shape)))
        coords_shape = random_shape(rng, 1, 4 - len(shape), high=4)
        coords = rng.integers(0, shape[axis], coords_shape).astype(np.int32)
        q = random_quantization(rng)
        x = b.tensor(shape, **q)
        c = b.tensor(coords_shape, "int32", data=coords)
        a = axis % len(shape)
        y = b.tensor([*shape[:a], *coords_shape, *shape[a + 1:]], **q)
        b.operator("GATHER", [x, c], [y], options("GatherOptions", axis=axis))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_space_to_batch_padding_is_the_zero_point(build_dir):
    """TFLite Micro's SPACE_TO_BATCH_ND padding is undefined (an uninitialized pad value); ours is the
    output zero point, the rest is numpy's rearrangement of the padded input."""
    n, h, w, c, bh, bw, pads = 2, 3, 2, 2, 2, 3, [1, 2, 2, 2]
    b = ModelBuilder()
    x = b.tensor([n, h, w, c], scale=0.5, zero_point=-7)
    oh, ow = (h + pads[0] + pads[1]) // bh, (w + pads[2] + pads[3]) // bw
    y = b.tensor([n * bh * bw, oh, ow, c], scale=0.5, zero_point=-7)
    blk = b.tensor([2], "int32", data=np.array([bh, bw], np.int32))
    pd = b.tensor([2, 2], "int32", data=np.array(pads, np.int32).reshape(2, 2))
    b.operator("SPACE_TO_BATCH_ND", [x, blk, pd], [y], options("SpaceToBatchNDOptions"))
    host = HostModel(import_model(b.build([x], [y])), build_dir)
    values = np.random.default_rng(0).integers(-128, 128, (n, h, w, c), dtype=np.int8)
    host.write(x, values)
    host.invoke_layer(0)
    padded = np.pad(values, [(0, 0), pads[:2], pads[2:], (0, 0)], constant_values=-7)
    expected = padded.reshape(n, oh, bh, ow, bw, c).transpose(2, 4, 0, 1, 3, 5).reshape(-1, oh, ow, c)
    np.testing.assert_array_equal(host.read(y), expected)


def test_gather_with_computed_indices(build_dir):
    """GATHER's indices from an ARG_MAX layer (an int32 arena tensor), rows of a model input."""
    b = ModelBuilder()
    scores = b.tensor([3, 5], scale=0.1, zero_point=0)
    axis = b.tensor([1], "int32", data=np.array([1], np.int32))
    best = b.tensor([3], "int32")
    b.operator("ARG_MAX", [scores, axis], [best], options("ArgMaxOptions", outputType=2))
    table = b.tensor([5, 4], scale=0.2, zero_point=-3)
    rows = b.tensor([3, 4], scale=0.2, zero_point=-3)
    b.operator("GATHER", [table, best], [rows], options("GatherOptions", axis=0))
    check_layers(b, [scores, table], build_dir)
