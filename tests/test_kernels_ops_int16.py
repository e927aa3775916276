"""16x8 quantization (int16 activations, int8 weights) against TFLite Micro, bit for bit.

Each test builds one synthetic model of several independent layers with seeded random shapes (size-1
dimensions, broadcasting), scales and, for the weighted ops, int64 / int32 / no bias, per-channel and
per-tensor weights and every fused activation; every layer is checked alone and chained on random,
clustered, constant (-32768, 32767, 0) and spread int16 inputs. LOGISTIC and TANH see every int16 value.
"""

from __future__ import annotations

import numpy as np
import pytest

from cfu.errors import CfuError
from cfu.model.importer import import_model
from cfu.model.mutants import int16_chain_builder, int16_layers_model, lstm_layer
from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, TflmReference, check_against_tflm, options
from cfu.paths import REPO_ROOT
from op_models import batch_matmul_shapes, check_layers, check_model, random_shape, transpose_conv_geometry

LAYERS = 8
ACTIVATIONS = [schema.ActivationFunctionType.NONE, schema.ActivationFunctionType.RELU,
               schema.ActivationFunctionType.RELU6, schema.ActivationFunctionType.RELU_N1_TO_1]


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("int16")


def scale(rng, low: float, high: float) -> float:
    return float(np.float32(2.0 ** rng.uniform(low, high)))


def int16_tensor(b: ModelBuilder, shape, s: float) -> int:
    return b.tensor(shape, "int16", scale=s, zero_point=0)


def weights_and_bias(b: ModelBuilder, rng, shape, channels: int, axis: int, in_scale: float, k: int,
                     bias_types=("int64", "int32", None)) -> list[int]:
    """The filter (per channel on even k, else per tensor) and a bias of the k-th type (or none)."""
    per_channel = k % 2 == 0
    f_scales = [scale(rng, -9, -5) for _ in range(channels if per_channel else 1)]
    f = b.tensor(shape, "int8", scale=f_scales, zero_point=[0] * len(f_scales), quantized_dimension=axis,
                 data=rng.integers(-127, 128, shape).astype(np.int8))
    bias_type = bias_types[k % len(bias_types)]
    if bias_type is None:
        return [f]
    bias_scales = [in_scale * s for s in (f_scales if per_channel else f_scales * channels)]
    values = rng.integers(-2**20, 2**20, channels).astype(np.int64 if bias_type == "int64" else np.int32)
    return [f, b.tensor([channels], bias_type, scale=bias_scales if per_channel else bias_scales[0],
                        zero_point=[0] * channels if per_channel else 0, data=values)]


@pytest.mark.parametrize("op", ["CONV_2D", "DEPTHWISE_CONV_2D"])
def test_convolutions(op, build_dir):
    rng, b, inputs = np.random.default_rng(len(op)), ModelBuilder(), []
    for k in range(LAYERS):
        n, h, w, in_c = (int(v) for v in rng.integers(1, 6, 4))
        kh, kw, stride, dilation = (int(v) for v in rng.integers(1, 4, 4))
        padding = [schema.Padding.SAME, schema.Padding.VALID][k % 2]
        h, w = max(h, (kh - 1) * dilation + 1), max(w, (kw - 1) * dilation + 1)
        in_scale = scale(rng, -12, -6)
        x = int16_tensor(b, [n, h, w, in_c], in_scale)
        if op == "CONV_2D":
            out_c = int(rng.integers(1, 6))
            ins = [x, *weights_and_bias(b, rng, [out_c, kh, kw, in_c], out_c, 0, in_scale, k)]
            opts = options("Conv2DOptions", padding=padding, strideH=stride, strideW=stride,
                           dilationHFactor=dilation, dilationWFactor=dilation,
                           fusedActivationFunction=ACTIVATIONS[k % 4])
        else:
            multiplier = int(rng.integers(1, 3))
            out_c = in_c * multiplier
            ins = [x, *weights_and_bias(b, rng, [1, kh, kw, out_c], out_c, 3, in_scale, k, ("int64", None))]
            opts = options("DepthwiseConv2DOptions", padding=padding, strideH=stride, strideW=stride,
                           dilationHFactor=dilation, dilationWFactor=dilation, depthMultiplier=multiplier,
                           fusedActivationFunction=ACTIVATIONS[k % 4])
        out_h = -(-h // stride) if padding == schema.Padding.SAME else (h - (kh - 1) * dilation - 1) // stride + 1
        out_w = -(-w // stride) if padding == schema.Padding.SAME else (w - (kw - 1) * dilation - 1) // stride + 1
        y = int16_tensor(b, [n, out_h, out_w, out_c], scale(rng, -8, -2))
        b.operator(op, ins, [y], opts)
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_fully_connected(build_dir):
    rng, b, inputs = np.random.default_rng(5), ModelBuilder(), []
    for k in range(LAYERS):
        batches, depth, units = (int(v) for v in rng.integers(1, 9, 3))
        in_scale = scale(rng, -12, -6)
        x = int16_tensor(b, [batches, depth], in_scale)
        ins = [x, *weights_and_bias(b, rng, [units, depth], units, 0, in_scale, k)]
        y = int16_tensor(b, [batches, units], scale(rng, -10, -4))
        b.operator("FULLY_CONNECTED", ins, [y],
                   options("FullyConnectedOptions", fusedActivationFunction=ACTIVATIONS[k % 4]))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def broadcast_pair(rng) -> tuple[list[int], list[int]]:
    """Two shapes that broadcast: size-1 dims either side, one possibly of lower rank."""
    full = random_shape(rng, 1, 4)
    a = [d if rng.random() < 0.6 else 1 for d in full]
    b = [d if rng.random() < 0.6 else 1 for d in full]
    return a[int(rng.integers(0, len(a))):], b


@pytest.mark.parametrize("op", ["ADD", "SUB", "MUL", "MAXIMUM", "MINIMUM", "SQUARED_DIFFERENCE"])
def test_binary(op, build_dir):
    rng, b, inputs = np.random.default_rng(len(op) + 20), ModelBuilder(), []
    for k in range(LAYERS):
        sa, sb = (broadcast_pair(rng) if k % 2 else (random_shape(rng, 1, 4),) * 2)
        s1, s2 = scale(rng, -14, -8), scale(rng, -14, -8)
        if op in ("MAXIMUM", "MINIMUM"):  # raw values compared: one quantization
            x1, x2 = int16_tensor(b, sa, s1), int16_tensor(b, list(sb), s1)
            b.operator(op, [x1, x2], [int16_tensor(b, list(np.broadcast_shapes(tuple(sa), tuple(sb))), s1)])
            inputs += [x1, x2]
            continue
        s_out = (s1 * s2 * 2.0 ** rng.uniform(8, 16) if op == "MUL" else
                 max(s1, s2) ** 2 * 2.0 ** rng.uniform(14, 30) if op == "SQUARED_DIFFERENCE" else
                 max(s1, s2) * 2.0 ** rng.uniform(-2, 4))
        x1, x2 = int16_tensor(b, sa, s1), int16_tensor(b, list(sb), s2)
        y = int16_tensor(b, list(np.broadcast_shapes(tuple(sa), tuple(sb))), float(np.float32(s_out)))
        opts = (None if op == "SQUARED_DIFFERENCE" else
                options(f"{op.capitalize()}Options", fusedActivationFunction=ACTIVATIONS[k % 4]))
        b.operator(op, [x1, x2], [y], opts)
        inputs += [x1, x2]
    check_layers(b, inputs, build_dir)


@pytest.mark.parametrize("op", ["AVERAGE_POOL_2D", "MAX_POOL_2D"])
def test_pooling(op, build_dir):
    rng, b, inputs = np.random.default_rng(len(op) + 30), ModelBuilder(), []
    for k in range(LAYERS):
        n, h, w, c = (int(v) for v in rng.integers(1, 7, 4))
        fh, fw, stride = (int(v) for v in rng.integers(1, 4, 3))
        padding = [schema.Padding.SAME, schema.Padding.VALID][k % 2]
        fh, fw = (min(fh, h), min(fw, w)) if padding == schema.Padding.VALID else (fh, fw)
        out_h = -(-h // stride) if padding == schema.Padding.SAME else (h - fh) // stride + 1
        out_w = -(-w // stride) if padding == schema.Padding.SAME else (w - fw) // stride + 1
        s = scale(rng, -12, -6)
        x, y = int16_tensor(b, [n, h, w, c], s), int16_tensor(b, [n, out_h, out_w, c], s)
        b.operator(op, [x], [y], options("Pool2DOptions", padding=padding, strideH=stride, strideW=stride,
                                         filterHeight=fh, filterWidth=fw, fusedActivationFunction=ACTIVATIONS[k % 4]))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


@pytest.mark.parametrize("op", ["LOGISTIC", "TANH"])
def test_sigmoid_table_activations_on_every_int16_value(op, build_dir):
    """Power-of-two input scales (TFLite's fast path) and general ones, each layer on all 65536 values."""
    rng = np.random.default_rng(len(op) + 40)
    scales = [2.0 ** -12, 2.0 ** -11, 2.0 ** -13, 2.0 ** -9, *(scale(rng, -16, 1) for _ in range(2))]
    every = np.arange(-32768, 32768, dtype=np.int32).astype(np.int16).reshape(256, 256)
    for group in (scales[:3], scales[3:]):  # 3 layers of 128 KiB tensors fit TFLite Micro's test arena
        b, inputs = ModelBuilder(), []
        for s in group:
            x, y = int16_tensor(b, [256, 256], s), int16_tensor(b, [256, 256], 2.0 ** -15)
            b.operator(op, [x], [y])
            inputs.append(x)
        model = b.build(inputs, b.operator_outputs())
        problems = [r.problem for r in check_against_tflm(model, build_dir, [[every] * len(inputs)]) if not r.ok]
        assert not problems, "\n".join(problems[:5])


def test_softmax(build_dir):
    rng, b, inputs = np.random.default_rng(50), ModelBuilder(), []
    for k in range(LAYERS):
        shape = random_shape(rng, 1, 4, high=12)
        x, y = int16_tensor(b, shape, scale(rng, -14, -6)), int16_tensor(b, shape, 1.0 / 32768)
        b.operator("SOFTMAX", [x], [y], options("SoftmaxOptions", beta=float(rng.choice([1.0, 0.5, 2.0, 0.1]))))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


@pytest.mark.parametrize("op", ["RELU", "RELU6", "LEAKY_RELU"])
def test_relus(op, build_dir):
    rng, b, inputs = np.random.default_rng(len(op) + 60), ModelBuilder(), []
    for _ in range(LAYERS):
        shape = random_shape(rng, 1, 4, high=7)
        s = scale(rng, -14, -6)
        out = s if op == "RELU6" else float(np.float32(s * 2.0 ** rng.uniform(-2, 3)))
        x, y = int16_tensor(b, shape, s), int16_tensor(b, shape, out)
        opts = options("LeakyReluOptions", alpha=float(rng.choice([0.01, 0.2, 0.5, 1.5]))) if op == "LEAKY_RELU" else None
        b.operator(op, [x], [y], opts)
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_quantize_and_dequantize(build_dir):
    """float32 -> int16, int16 -> int16 / int8, int8 -> int16 (QUANTIZE) and int16 -> float32 (DEQUANTIZE)."""
    rng, b, inputs = np.random.default_rng(70), ModelBuilder(), []
    for k, (source, target) in enumerate([("float32", "int16"), ("int16", "int16"), ("int16", "int8"),
                                          ("int8", "int16")] * 2):
        shape = random_shape(rng, 1, 4)
        in_scale = scale(rng, -12, -4)
        x = (b.tensor(shape, "float32") if source == "float32" else
             b.tensor(shape, source, scale=in_scale, zero_point=int(rng.integers(-128, 128)) if source == "int8" else 0))
        out_scale = float(np.float32(in_scale * 2.0 ** rng.uniform(-6, 10 if source == "int16" else -2)))
        y = b.tensor(shape, target, scale=out_scale, zero_point=int(rng.integers(-128, 128)) if target == "int8" else 0)
        b.operator("QUANTIZE", [x], [y])
        inputs.append(x)
        if target == "int16" and k < 4:
            z = b.tensor(shape, "float32")
            b.operator("DEQUANTIZE", [y], [z])
    check_layers(b, inputs, build_dir)


def test_a_16x8_chain_with_int16_input_and_outputs(build_dir):
    """CONV_2D, DEPTHWISE_CONV_2D, pooling, ADD, MUL, LOGISTIC, FULLY_CONNECTED, SOFTMAX chained on int16
    tensors from an int16 model input to int16 and float32 outputs."""
    b, inputs, outputs = int16_chain_builder()
    check_layers(b, inputs, build_dir, outputs=outputs)


def test_the_newer_16x8_kernels_in_one_model(build_dir):
    """MEAN, SUM, TRANSPOSE_CONV, BATCH_MATMUL, PRELU and an LSTM on int16 (also a fuzz seed and an RTL test)."""
    check_model(int16_layers_model(), build_dir)


def test_the_tensorflow_16x8_cnn_layer_by_layer(build_dir):
    """The model TensorFlow's 16x8 quantization wrote (tests/data/cnn16x8/make_model.py): every layer."""
    check_model((REPO_ROOT / "tests" / "data" / "cnn16x8" / "cnn16x8.tflite").read_bytes(), build_dir)


def test_asymmetric_int16_and_other_problems_are_listed_together():
    """int16 activations with a zero point, a depthwise int32 bias and an int16 operator without a 16x8
    kernel: one message naming each layer."""
    b = ModelBuilder()
    x = b.tensor([1, 4, 4, 2], "int16", scale=2.0 ** -10, zero_point=3)
    y = b.tensor([1, 4, 4, 2], "int16", scale=2.0 ** -10, zero_point=0)
    b.operator("RELU", [x], [y])
    w = b.tensor([1, 1, 1, 2], "int8", scale=[0.1, 0.1], zero_point=[0, 0], quantized_dimension=3,
                 data=np.ones((1, 1, 1, 2), np.int8))
    bias = b.tensor([2], "int32", scale=[1e-4, 1e-4], zero_point=[0, 0], data=np.zeros(2, np.int32))
    z = b.tensor([1, 4, 4, 2], "int16", scale=2.0 ** -9, zero_point=0)
    b.operator("DEPTHWISE_CONV_2D", [y, w, bias], [z], options("DepthwiseConv2DOptions", depthMultiplier=1,
                                                                strideW=1, strideH=1))
    v = b.tensor([1, 4, 4, 2], "int16", scale=2.0 ** -9, zero_point=0)
    b.operator("HARD_SWISH", [z], [v])
    with pytest.raises(CfuError) as error:
        import_model(b.build([x], [v]))
    message = str(error.value)
    assert message.startswith("the model has 3 problems:")
    assert "layer 0 (RELU): tensor 't0' is int16 with zero point 3; int16 activations must be symmetric" in message
    assert "layer 1 (DEPTHWISE_CONV_2D): bias tensor 't3' has type int32" in message
    assert "layer 2 (HARD_SWISH): input tensor 't4' has type int16; supported: int8" in message


def test_pad(build_dir):
    rng, b, inputs = np.random.default_rng(80), ModelBuilder(), []
    for k in range(LAYERS // 2):
        shape = random_shape(rng, 1, 4)
        pads = rng.integers(0, 3, (len(shape), 2)).astype(np.int32)
        x = int16_tensor(b, shape, 2.0 ** -10)
        y = int16_tensor(b, [d + lo + hi for d, (lo, hi) in zip(shape, pads)], 2.0 ** -10)
        ins = [x, b.tensor([len(shape), 2], "int32", data=pads)]
        if k % 2:  # PADV2's constant value
            ins.append(b.tensor([1], "int16", scale=2.0 ** -10, zero_point=0, data=np.array([-1234], np.int16)))
        b.operator("PADV2" if k % 2 else "PAD", ins, [y])
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_data_movement(build_dir):
    """The data-movement kernels move int16 values unchanged (their index maps are the int8 ones with 2-byte
    elements): TRANSPOSE, STRIDED_SLICE, CONCATENATION, SPLIT, PACK, RESIZE_NEAREST_NEIGHBOR, SQUEEZE."""
    b, s = ModelBuilder(), 2.0 ** -10

    def const(values) -> int:
        values = np.asarray(values, np.int32)
        return b.tensor(list(values.shape), "int32", data=values)

    x, z = int16_tensor(b, [2, 3, 4, 5], s), int16_tensor(b, [1, 5, 4, 3], s)
    t = int16_tensor(b, [5, 4, 3, 2], s)
    b.operator("TRANSPOSE", [x, const([3, 2, 1, 0])], [t])
    sliced = int16_tensor(b, [2, 4, 3, 1], s)
    b.operator("STRIDED_SLICE", [t, const([1, 0, 0, 1]), const([5, 4, 3, 2]), const([2, 1, 1, 1])], [sliced],
               options("StridedSliceOptions"))
    joined = int16_tensor(b, [3, 5, 4, 3], s)
    b.operator("CONCATENATION", [z, int16_tensor(b, [2, 5, 4, 3], s)], [joined], options("ConcatenationOptions"))
    halves = [int16_tensor(b, [2, 3, 2, 5], s) for _ in range(2)]
    b.operator("SPLIT", [const(2), x], halves, options("SplitOptions", numSplits=2))
    packed = int16_tensor(b, [2, 2, 3, 2, 5][1:], s)
    b.operator("PACK", [part := int16_tensor(b, [3, 2, 5], s), part], [packed],
               options("PackOptions", valuesCount=2, axis=0))
    resized = int16_tensor(b, [2, 6, 8, 5], s)
    b.operator("RESIZE_NEAREST_NEIGHBOR", [x, const([6, 8])], [resized], options("ResizeNearestNeighborOptions"))
    squeezed = int16_tensor(b, [5, 4, 3], s)
    b.operator("SQUEEZE", [z], [squeezed], options("SqueezeOptions", squeezeDims=[0]))
    check_layers(b, [x, z, b._sub.operators[2].inputs[1], part], build_dir)


def reduced_output_shape(rng, shape: list[int]) -> tuple[list[int], list[int], bool]:
    """Random axes (one or two, some negative) of `shape`, keep_dims, and the reduced shape."""
    rank = len(shape)
    axes = rng.choice(rank, int(rng.integers(1, min(rank, 2) + 1)), replace=False)
    axes = [int(a) - rank * int(rng.integers(0, 2)) for a in axes]
    keep = bool(rng.integers(0, 2))
    reduced = {a % rank for a in axes}
    out = ([1 if k in reduced else d for k, d in enumerate(shape)] if keep else
           [d for k, d in enumerate(shape) if k not in reduced])
    return axes, out, keep


@pytest.mark.parametrize("op", ["MEAN", "SUM"])
def test_reductions(op, build_dir):
    """Output scales from 1/64 to 64 times the input's, some equal to it."""
    rng, b, inputs = np.random.default_rng(len(op) + 90), ModelBuilder(), []
    for k in range(LAYERS):
        shape = random_shape(rng, 1, 4, high=7)
        axes, out, keep = reduced_output_shape(rng, shape)
        s = scale(rng, -14, -6)
        out_scale = s if k % 4 == 0 else float(np.float32(s * 2.0 ** rng.uniform(-6, 6)))
        x, y = int16_tensor(b, shape, s), int16_tensor(b, out, out_scale)
        b.operator(op, [x, b.tensor([len(axes)], "int32", data=np.array(axes, np.int32))], [y],
                   options("ReducerOptions", keepDims=keep))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


#: Data-movement layers whose TFLite Micro kernel refuses int16: (operator, input shape, output shape,
#: constant int32 inputs, options).
TFLITE_MICRO_REFUSES_INT16 = [
    ("GATHER", [4, 3], [2, 3], [[1, 2]], ("GatherOptions", {"axis": 0})),
    ("SPACE_TO_DEPTH", [1, 4, 4, 2], [1, 2, 2, 8], [], ("SpaceToDepthOptions", {"blockSize": 2})),
    ("DEPTH_TO_SPACE", [1, 2, 2, 8], [1, 4, 4, 2], [], ("DepthToSpaceOptions", {"blockSize": 2})),
    ("BATCH_TO_SPACE_ND", [4, 1, 1, 2], [1, 2, 2, 2], [[2, 2], [[0, 0], [0, 0]]], None),
    ("SPACE_TO_BATCH_ND", [1, 2, 2, 2], [4, 1, 1, 2], [[2, 2], [[0, 0], [0, 0]]], None),
    ("MIRROR_PAD", [3, 4], [5, 6], [[[1, 1], [1, 1]]], ("MirrorPadOptions", {"mode": 0})),
]


def add_layer(b: ModelBuilder, op: str, in_shape, out_shape, constants, opts) -> int:
    """One int16 layer of TFLITE_MICRO_REFUSES_INT16 on a new input; returns the input."""
    x, y = int16_tensor(b, in_shape, 2.0 ** -10), int16_tensor(b, out_shape, 2.0 ** -10)
    ins = [x, *(b.tensor(list(np.shape(v)), "int32", data=np.asarray(v, np.int32)) for v in constants)]
    b.operator(op, ins, [y], options(opts[0], **opts[1]) if opts else None)
    return x


@pytest.mark.parametrize("layer", TFLITE_MICRO_REFUSES_INT16, ids=lambda layer: layer[0])
def test_tflite_micro_refuses_these_int16_layers(layer):
    """The reason the importer refuses them: TFLite Micro fails each (were it to run one, this fails)."""
    b = ModelBuilder()
    x = add_layer(b, *layer)
    with pytest.raises(RuntimeError):
        TflmReference(b.build([x], b.operator_outputs())).run([np.ones(layer[1], np.int16)])


def test_int16_layers_tflite_micro_refuses_are_refused_together():
    b = ModelBuilder()
    inputs = [add_layer(b, *layer) for layer in TFLITE_MICRO_REFUSES_INT16]
    with pytest.raises(CfuError) as error:
        import_model(b.build(inputs, b.operator_outputs()))
    message = str(error.value)
    assert message.startswith(f"the model has {len(inputs)} problems:")
    for k, (op, *_) in enumerate(TFLITE_MICRO_REFUSES_INT16):
        assert f"layer {k} ({op}): input tensor " in message and f"TFLite Micro's {op} refuses int16" in message


def test_transpose_conv(build_dir):
    """Strides 1-3, SAME/VALID, per-channel and per-tensor weights, int64 bias or none, fused activations."""
    rng, b, inputs = np.random.default_rng(110), ModelBuilder(), []
    for k in range(LAYERS):
        n, h, w, in_c, out_c, kh, kw, sh, sw, out_h, out_w, padding = transpose_conv_geometry(rng, k)
        in_scale = scale(rng, -12, -6)
        x = int16_tensor(b, [n, h, w, in_c], in_scale)
        f, *bias = weights_and_bias(b, rng, [out_c, kh, kw, in_c], out_c, 0, in_scale, k // 2, ("int64", None))
        y = int16_tensor(b, [n, out_h, out_w, out_c], scale(rng, -8, -2))
        b.operator("TRANSPOSE_CONV", [b.tensor([4], "int32", data=np.array([n, out_h, out_w, out_c], np.int32)),
                                      f, x, *bias], [y],
                   options("TransposeConvOptions", padding=padding, strideH=sh, strideW=sw,
                           fusedActivationFunction=ACTIVATIONS[k % 4]))
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_batch_matmul(build_dir):
    """Rank 2-4 operands, adj_x / adj_y, broadcast batch dimensions, size-1 dimensions."""
    rng, b, inputs = np.random.default_rng(120), ModelBuilder(), []
    for k in range(LAYERS):
        lhs_shape, rhs_shape, out_shape, adj_x, adj_y = batch_matmul_shapes(rng, k)
        ls, rs = scale(rng, -12, -6), scale(rng, -12, -6)
        x, y = int16_tensor(b, lhs_shape, ls), int16_tensor(b, rhs_shape, rs)
        z = int16_tensor(b, out_shape, float(np.float32(ls * rs * 2.0 ** rng.uniform(12, 28))))
        b.operator("BATCH_MATMUL", [x, y], [z], options("BatchMatMulOptions", adjX=adj_x, adjY=adj_y))
        inputs += [x, y]
    check_layers(b, inputs, build_dir)


def test_prelu(build_dir):
    """int16 input and output, int8 alpha (any zero point) broadcast against the input."""
    rng, b, inputs = np.random.default_rng(130), ModelBuilder(), []
    for k in range(LAYERS):
        shape, alpha_shape = broadcast_pair(rng) if k % 2 else (random_shape(rng, 1, 4),) * 2
        s = scale(rng, -14, -6)
        alpha = b.tensor(list(alpha_shape), "int8", scale=scale(rng, -9, -5), zero_point=int(rng.integers(-20, 20)),
                         data=rng.integers(-128, 128, alpha_shape).astype(np.int8))
        full = list(np.broadcast_shapes(tuple(shape), tuple(alpha_shape)))
        x, y = int16_tensor(b, full, s), int16_tensor(b, full, float(np.float32(s * 2.0 ** rng.uniform(-2, 3))))
        b.operator("PRELU", [x, alpha], [y])
        inputs.append(x)
    check_layers(b, inputs, build_dir)


def test_lstm(build_dir):
    """16x8 UNIDIRECTIONAL_SEQUENCE_LSTM layers (int16 input and hidden state, int8 weights, int64 biases): batch
    1-2, 1-4 time steps, 1-6 features and units, batch- or time-major, with and without cell clipping; outputs
    and both states after each invocation."""
    rng, b, inputs = np.random.default_rng(140), ModelBuilder(), []
    for k in range(6):
        time_major = k % 2 == 1
        batch, steps, features = int(rng.integers(1, 3)), int(rng.integers(1, 5)), int(rng.integers(1, 7))
        x = int16_tensor(b, [steps, batch, features] if time_major else [batch, steps, features], scale(rng, -14, -10))
        inputs.append(x)
        lstm_layer(b, rng, x, units=int(rng.integers(1, 7)), time_major=time_major,
                   cell_clip=[0.0, 0.3, 3.0][k % 3], cell_scale=2.0 ** -int(rng.integers(9, 14)))
    check_layers(b, inputs, build_dir)
