"""TRANSPOSE_CONV against TFLite Micro, bit for bit: strides 1-3, SAME/VALID, per-channel and
per-tensor weights, with and without bias, fused activations."""

from __future__ import annotations

import numpy as np
import pytest

from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, options
from op_models import batch_matmul_shapes, check_layers, transpose_conv_geometry

LAYERS = 10


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("conv")


def test_transpose_conv(build_dir):
    rng, b, inputs = np.random.default_rng(3), ModelBuilder(), []
    for k in range(LAYERS):
        n, h, w, in_c, out_c, kh, kw, sh, sw, out_h, out_w, padding = transpose_conv_geometry(rng, k)
        in_scale = float(np.float32(2.0 ** rng.uniform(-8, -2)))
        per_channel = k % 3 != 0
        f_scales = [float(np.float32(2.0 ** rng.uniform(-9, -5))) for _ in range(out_c if per_channel else 1)]
        x = b.tensor([n, h, w, in_c], scale=in_scale, zero_point=int(rng.integers(-128, 128)))
        f = b.tensor([out_c, kh, kw, in_c], scale=f_scales, zero_point=[0] * len(f_scales),
                     data=rng.integers(-127, 128, (out_c, kh, kw, in_c)).astype(np.int8))
        shape = b.tensor([4], "int32", data=np.array([n, out_h, out_w, out_c], np.int32))
        ins = [shape, f, x]
        if k % 4 != 3:
            bias_scales = [in_scale * s for s in f_scales]
            ins.append(b.tensor([out_c], "int32", scale=bias_scales, zero_point=[0] * len(bias_scales),
                                data=rng.integers(-3000, 3000, out_c).astype(np.int32)))
        y = b.tensor([n, out_h, out_w, out_c], scale=float(np.float32(2.0 ** rng.uniform(-6, -1))),
                     zero_point=int(rng.integers(-128, 128)))
        act = [schema.ActivationFunctionType.NONE, schema.ActivationFunctionType.RELU][k % 2]
        b.operator("TRANSPOSE_CONV", ins, [y], options("TransposeConvOptions", padding=padding, strideH=sh,
                                                        strideW=sw, fusedActivationFunction=act))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_batch_matmul(build_dir):
    rng, b, inputs = np.random.default_rng(4), ModelBuilder(), []
    for k in range(LAYERS):
        lhs_shape, rhs_shape, out_shape, adj_x, adj_y = batch_matmul_shapes(rng, k)
        lq = dict(scale=float(np.float32(2.0 ** rng.uniform(-8, -3))), zero_point=int(rng.integers(-128, 128)))
        rq = dict(scale=float(np.float32(2.0 ** rng.uniform(-8, -3))), zero_point=int(rng.integers(-128, 128)))
        x, y = b.tensor(lhs_shape, **lq), b.tensor(rhs_shape, **rq)
        out_scale = float(np.float32(lq["scale"] * rq["scale"] * 2.0 ** rng.uniform(4, 10)))
        z = b.tensor(out_shape, scale=out_scale, zero_point=int(rng.integers(-128, 128)))
        b.operator("BATCH_MATMUL", [x, y], [z], options("BatchMatMulOptions", adjX=adj_x, adjY=adj_y))
        inputs += [x, y]
    check_layers(b, inputs, build_dir)
