"""Mutated models for the fuzz check (:mod:`cfu.model.fuzz`): seed models and the ways to damage them.

The seeds use 13 of the first importer's 15 operators (all but PADV2 and DEQUANTIZE), 12 of the newer
ones in a chain, a float32 interface (QUANTIZE, DEQUANTIZE), and SVDF layers with int16 and int8 state and an LSTM (variable
tensors), and two 16x8 models (int16 activations: a 12-layer chain; MEAN, SUM, TRANSPOSE_CONV, BATCH_MATMUL, PRELU
and an LSTM). A mutant is a seed with
its bytes damaged (truncated, bytes overwritten, words replaced by extreme values, bytes inserted) or with one
field of the model changed (a scale, a zero point, a shape, a type, an option, a tensor index); every mutant
differs from its seed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, options, pack_model

_ACT = schema.ActivationFunctionType


# -- seed models ------------------------------------------------------------------------------------

def conv_reshape_model() -> bytes:
    """CONV_2D (per-channel, RELU) then RESHAPE."""
    rng = np.random.default_rng(0)
    b = ModelBuilder()
    x = b.tensor((1, 4, 4, 2), scale=0.05, zero_point=3)
    f = b.tensor((3, 2, 2, 2), scale=[0.01, 0.02, 0.03], zero_point=[0, 0, 0],
                 data=rng.integers(-127, 128, (3, 2, 2, 2), dtype=np.int8))
    bias = b.tensor((3,), "int32", [0.0005, 0.001, 0.0015], [0, 0, 0], data=np.array([1, 2, 3], np.int32))
    y = b.tensor((1, 4, 4, 3), scale=0.1, zero_point=-2)
    b.operator("CONV_2D", [x, f, bias], [y], options(
        "Conv2DOptions", strideW=1, strideH=1, dilationWFactor=1, dilationHFactor=1,
        fusedActivationFunction=_ACT.RELU))
    shape = b.tensor((2,), "int32", data=np.array([1, 48], np.int32))
    r = b.tensor((1, 48), scale=0.1, zero_point=-2)
    b.operator("RESHAPE", [y, shape], [r], options("ReshapeOptions", newShape=[1, 48]))
    return b.build([x], [r])


def classifier_model() -> bytes:
    """DEPTHWISE_CONV_2D, AVERAGE_POOL_2D, FULLY_CONNECTED (per-tensor, with bias), SOFTMAX."""
    rng = np.random.default_rng(1)
    b = ModelBuilder()
    x = b.tensor((1, 5, 5, 2), scale=0.04, zero_point=-5)
    f = b.tensor((1, 3, 3, 4), scale=[0.02, 0.01, 0.03, 0.02], zero_point=[0] * 4, quantized_dimension=3,
                 data=rng.integers(-127, 128, (1, 3, 3, 4), dtype=np.int8))
    bias = b.tensor((4,), "int32", [0.0008, 0.0004, 0.0012, 0.0008], [0] * 4,
                    data=rng.integers(-300, 300, 4, dtype=np.int32))
    d = b.tensor((1, 3, 3, 4), scale=0.08, zero_point=1)
    b.operator("DEPTHWISE_CONV_2D", [x, f, bias], [d], options(
        "DepthwiseConv2DOptions", padding=schema.Padding.VALID, strideW=1, strideH=1, depthMultiplier=2,
        dilationWFactor=1, dilationHFactor=1, fusedActivationFunction=_ACT.RELU6))
    p = b.tensor((1, 1, 1, 4), scale=0.08, zero_point=1)
    b.operator("AVERAGE_POOL_2D", [d], [p], options(
        "Pool2DOptions", padding=schema.Padding.VALID, strideW=1, strideH=1, filterWidth=3, filterHeight=3))
    w = b.tensor((3, 4), scale=0.015, data=rng.integers(-127, 128, (3, 4), dtype=np.int8))
    wb = b.tensor((3,), "int32", scale=0.08 * 0.015, data=rng.integers(-500, 500, 3, dtype=np.int32))
    logits = b.tensor((1, 3), scale=0.1, zero_point=4)
    b.operator("FULLY_CONNECTED", [p, w, wb], [logits], options("FullyConnectedOptions"))
    probs = b.tensor((1, 3), scale=1 / 256, zero_point=-128)
    b.operator("SOFTMAX", [logits], [probs], options("SoftmaxOptions", beta=1.0))
    return b.build([x], [probs])


def elementwise_model() -> bytes:
    """PAD, MAX_POOL_2D, ADD, MUL, LOGISTIC, MEAN, QUANTIZE (int8 to int8)."""
    b = ModelBuilder()
    x = b.tensor((1, 3, 3, 2), scale=0.05, zero_point=2)
    pads = b.tensor((4, 2), "int32", data=np.array([[0, 0], [1, 0], [0, 1], [0, 0]], np.int32))
    padded = b.tensor((1, 4, 4, 2), scale=0.05, zero_point=2)
    b.operator("PAD", [x, pads], [padded], options("PadOptions"))
    pooled = b.tensor((1, 2, 2, 2), scale=0.05, zero_point=2)
    b.operator("MAX_POOL_2D", [padded], [pooled], options(
        "Pool2DOptions", padding=schema.Padding.VALID, strideW=2, strideH=2, filterWidth=2, filterHeight=2))
    other = b.tensor((1, 1, 1, 2), scale=0.03, zero_point=-1)
    summed = b.tensor((1, 2, 2, 2), scale=0.07, zero_point=0)
    b.operator("ADD", [pooled, other], [summed], options("AddOptions", fusedActivationFunction=_ACT.RELU))
    product = b.tensor((1, 2, 2, 2), scale=0.02, zero_point=-3)
    b.operator("MUL", [summed, other], [product], options("MulOptions"))
    squashed = b.tensor((1, 2, 2, 2), scale=1 / 256, zero_point=-128)
    b.operator("LOGISTIC", [product], [squashed])
    axes = b.tensor((2,), "int32", data=np.array([1, 2], np.int32))
    mean = b.tensor((1, 2), scale=1 / 256, zero_point=-128)
    b.operator("MEAN", [squashed, axes], [mean], options("ReducerOptions", keepDims=False))
    requantized = b.tensor((1, 2), scale=0.01, zero_point=5)
    b.operator("QUANTIZE", [mean], [requantized])
    return b.build([x, other], [requantized])


def new_operators_model() -> bytes:
    """HARD_SWISH, SPACE_TO_DEPTH, RESIZE_BILINEAR, MIRROR_PAD, LEAKY_RELU, STRIDED_SLICE, SUB,
    TRANSPOSE, REDUCE_MAX, SQUEEZE, TANH, CONCATENATION in a chain (with a broadcast SUB)."""
    b = ModelBuilder("cfu new-operator chain")
    x = b.tensor([1, 8, 8, 4], scale=0.05, zero_point=-3)
    q = dict(scale=0.03, zero_point=-100)
    swish = b.tensor([1, 8, 8, 4], **q)
    b.operator("HARD_SWISH", [x], [swish])
    s2d = b.tensor([1, 4, 4, 16], **q)
    b.operator("SPACE_TO_DEPTH", [swish], [s2d], options("SpaceToDepthOptions", blockSize=2))
    resized = b.tensor([1, 6, 6, 16], **q)
    size = b.tensor([2], "int32", data=np.array([6, 6], np.int32))
    b.operator("RESIZE_BILINEAR", [s2d, size], [resized], options("ResizeBilinearOptions", halfPixelCenters=True))
    padded = b.tensor([1, 8, 8, 16], **q)
    pads = b.tensor([4, 2], "int32", data=np.array([[0, 0], [1, 1], [1, 1], [0, 0]], np.int32))
    b.operator("MIRROR_PAD", [resized, pads], [padded], options("MirrorPadOptions", mode=0))
    leaky = b.tensor([1, 8, 8, 16], scale=0.02, zero_point=10)
    b.operator("LEAKY_RELU", [padded], [leaky], options("LeakyReluOptions", alpha=0.2))
    sliced = b.tensor([1, 4, 4, 16], scale=0.02, zero_point=10)
    consts = [b.tensor([4], "int32", data=np.array(v, np.int32)) for v in ([0, 0, 1, 0], [1, 8, 8, 16], [1, 2, 2, 1])]
    b.operator("STRIDED_SLICE", [leaky, *consts], [sliced], options("StridedSliceOptions"))
    bias = b.tensor([16], scale=0.01, zero_point=0, data=np.arange(-40, 40, 5, dtype=np.int8))
    diff = b.tensor([1, 4, 4, 16], scale=0.04, zero_point=-5)
    b.operator("SUB", [sliced, bias], [diff], options("SubOptions"))
    moved = b.tensor([1, 16, 4, 4], scale=0.04, zero_point=-5)
    perm = b.tensor([4], "int32", data=np.array([0, 3, 1, 2], np.int32))
    b.operator("TRANSPOSE", [diff, perm], [moved], options("TransposeOptions"))
    reduced = b.tensor([1, 16, 4, 1], scale=0.04, zero_point=-5)
    axis = b.tensor([1], "int32", data=np.array([3], np.int32))
    b.operator("REDUCE_MAX", [moved, axis], [reduced], options("ReducerOptions", keepDims=True))
    squeezed = b.tensor([1, 16, 4], scale=0.04, zero_point=-5)
    b.operator("SQUEEZE", [reduced], [squeezed], options("SqueezeOptions", squeezeDims=[3]))
    tanh = b.tensor([1, 16, 4], scale=1.0 / 128, zero_point=0)
    b.operator("TANH", [squeezed], [tanh])
    out = b.tensor([1, 16, 8], scale=1.0 / 128, zero_point=0)
    b.operator("CONCATENATION", [tanh, tanh], [out], options("ConcatenationOptions", axis=-1))
    return b.build([x], [out])


def float_interface_builder() -> tuple[ModelBuilder, list[int], list[int]]:
    """Two float32 inputs quantized, added, one output dequantized to float32 and one left int8."""
    b = ModelBuilder()
    fa, fb = b.tensor([1, 6], "float32"), b.tensor([2, 1], "float32")
    qa = b.tensor([1, 6], scale=0.05, zero_point=-4)
    qb = b.tensor([2, 1], scale=0.03, zero_point=7)
    b.operator("QUANTIZE", [fa], [qa])
    b.operator("QUANTIZE", [fb], [qb])
    total = b.tensor([2, 6], scale=0.08, zero_point=3)
    b.operator("ADD", [qa, qb], [total], options("AddOptions"))
    weights = b.tensor([4, 6], scale=0.01, data=np.random.default_rng(0).integers(-127, 128, (4, 6)).astype(np.int8))
    hidden = b.tensor([2, 4], scale=0.1, zero_point=-2)
    b.operator("FULLY_CONNECTED", [total, weights, -1], [hidden], options("FullyConnectedOptions"))
    out = b.tensor([2, 4], "float32")
    b.operator("DEQUANTIZE", [hidden], [out])
    return b, [fa, fb], [out, total]


def float_interface_model() -> bytes:
    b, inputs, outputs = float_interface_builder()
    return b.build(inputs, outputs)


def svdf_layer(b: ModelBuilder, rng: np.random.Generator, x: int, filters: int, memory: int, rank: int,
               state_type: str = "int16", state_zero_point: int = 0) -> int:
    """An SVDF layer reading int8 tensor ``x`` ([batches, input size]) of ``b``, as the converter writes one
    (int8 feature weights, ``state_type`` time weights and state, int32 bias); returns its output tensor."""
    batches, input_size = b._sub.tensors[x].shape
    units = filters // rank
    wide = state_type == "int16"
    feature = b.tensor([filters, input_size], scale=float(np.float32(2.0 ** rng.uniform(-8, -4))),
                       data=rng.integers(-127, 128, (filters, input_size), dtype=np.int8))
    time_scale = float(np.float32(2.0 ** rng.uniform(-14, -10) if wide else 2.0 ** rng.uniform(-8, -5)))
    time = b.tensor([filters, memory], state_type, scale=time_scale,
                    data=rng.integers(-3000 if wide else -127, 3000 if wide else 128, (filters, memory))
                    .astype(state_type))
    state_scale = float(np.float32(2.0 ** rng.uniform(-12, -8) if wide else 2.0 ** rng.uniform(-4, -1)))
    bias = b.tensor([units], "int32", scale=float(np.float32(state_scale) * np.float32(time_scale)),
                    data=rng.integers(-2000, 2000, units, dtype=np.int32))
    state = b.tensor([batches, filters * memory], state_type, scale=state_scale, zero_point=state_zero_point,
                     variable=True)
    y = b.tensor([batches, units], scale=float(np.float32(2.0 ** rng.uniform(-7, -3))),
                 zero_point=int(rng.integers(-20, 21)))
    b.operator("SVDF", [x, feature, time, bias, state], [y],
               options("SVDFOptions", rank=rank, fusedActivationFunction=_ACT.RELU))
    return y


def lstm_layer(b: ModelBuilder, rng: np.random.Generator, x: int, units: int, time_major: bool = False,
               cell_clip: float = 0.0, cell_scale: float = 2.0 ** -11) -> int:
    """An UNIDIRECTIONAL_SEQUENCE_LSTM layer reading int8 (or 16x8: int16) tensor ``x`` ([batch, time, features],
    or [time, batch, features] when ``time_major``) of ``b``, quantized as the converter does (per-tensor int8
    weights, int32 biases (16x8: int64), hidden state of the input's type (16x8: zero point 0), int16 cell state
    of a power-of-two scale); returns its output tensor."""
    shape = b._sub.tensors[x].shape
    batches, features = (shape[1] if time_major else shape[0]), shape[2]
    x_scale = b._sub.tensors[x].quantization.scale[0]
    wide = b._sub.tensors[x].type == schema.TensorType.INT16
    activations, bias_type = ("int16", np.int64) if wide else ("int8", np.int32)
    hidden_scale = float(np.float32(2.0 ** (rng.uniform(-14, -12) if wide else rng.uniform(-8, -6))))
    hidden_zero_point = 0 if wide else int(rng.integers(-10, 11))
    inputs = [x] + [-1] * 23
    for gate in range(4):  # input, forget, cell, output
        w_scale = float(np.float32(2.0 ** rng.uniform(-8, -5)))
        inputs[1 + gate] = b.tensor([units, features], scale=w_scale,
                                    data=rng.integers(-127, 128, (units, features), dtype=np.int8))
        inputs[5 + gate] = b.tensor([units, units], scale=float(np.float32(2.0 ** rng.uniform(-8, -5))),
                                    data=rng.integers(-127, 128, (units, units), dtype=np.int8))
        inputs[12 + gate] = b.tensor([units], np.dtype(bias_type).name,
                                     scale=float(np.float32(x_scale) * np.float32(w_scale)),
                                     data=rng.integers(-3000, 3000, units, dtype=bias_type) << (8 if wide else 0))
    inputs[18] = b.tensor([batches, units], activations, scale=hidden_scale, zero_point=hidden_zero_point,
                          variable=True)
    inputs[19] = b.tensor([batches, units], "int16", scale=cell_scale, variable=True)
    y = b.tensor([*shape[:2], units], activations, scale=hidden_scale, zero_point=hidden_zero_point)
    b.operator("UNIDIRECTIONAL_SEQUENCE_LSTM", inputs, [y], options(
        "UnidirectionalSequenceLSTMOptions", fusedActivationFunction=_ACT.TANH, cellClip=cell_clip,
        timeMajor=time_major))
    return y


def stateful_model() -> bytes:
    """SVDF with int16 state, SVDF with int8 state (zero point 5), RESHAPE to a sequence of 2 steps, then
    UNIDIRECTIONAL_SEQUENCE_LSTM: every state persists across invocations."""
    rng = np.random.default_rng(5)
    b = ModelBuilder("cfu stateful chain")
    x = b.tensor([1, 10], scale=0.05, zero_point=-3)
    hidden = svdf_layer(b, rng, x, filters=8, memory=4, rank=2)
    features = svdf_layer(b, rng, hidden, filters=6, memory=3, rank=1, state_type="int8", state_zero_point=5)
    q = b._sub.tensors[features].quantization
    sequence = b.tensor([1, 2, 3], scale=q.scale[0], zero_point=q.zeroPoint[0])
    b.operator("RESHAPE", [features, b.tensor([3], "int32", data=np.array([1, 2, 3], np.int32))], [sequence],
               options("ReshapeOptions", newShape=[1, 2, 3]))
    return b.build([x], [lstm_layer(b, rng, sequence, units=4)])


def int16_chain_builder() -> tuple[ModelBuilder, list[int], list[int]]:
    """int16 input [1, 8, 8, 2] -> CONV_2D (int64 bias, RELU) -> DEPTHWISE_CONV_2D (int64 bias) -> MAX_POOL_2D
    -> ADD (with an AVERAGE_POOL_2D of the convolution) -> MUL -> LOGISTIC -> RESHAPE -> FULLY_CONNECTED (int32
    bias) -> TANH and SOFTMAX; outputs: SOFTMAX (int16) and DEQUANTIZE of TANH (float32). Returns the builder,
    its input and its output tensor indices."""
    rng = np.random.default_rng(16)
    b = ModelBuilder("cfu 16x8 chain")
    s_in, s_conv = 2.0 ** -10, 2.0 ** -9
    x = b.tensor([1, 8, 8, 2], "int16", scale=s_in, zero_point=0)
    f_scales = [0.01, 0.02, 0.015, 0.03]
    w = b.tensor([4, 3, 3, 2], "int8", scale=f_scales, zero_point=[0] * 4,
                 data=rng.integers(-127, 128, (4, 3, 3, 2)).astype(np.int8))
    bias = b.tensor([4], "int64", scale=[s_in * s for s in f_scales], zero_point=[0] * 4,
                    data=rng.integers(-5000, 5000, 4).astype(np.int64))
    conv = b.tensor([1, 8, 8, 4], "int16", scale=s_conv, zero_point=0)
    b.operator("CONV_2D", [x, w, bias], [conv], options("Conv2DOptions", padding=schema.Padding.SAME, strideW=1,
               strideH=1, fusedActivationFunction=schema.ActivationFunctionType.RELU))
    dw_scales = [0.05, 0.04, 0.03, 0.02]
    dw_w = b.tensor([1, 3, 3, 4], "int8", scale=dw_scales, zero_point=[0] * 4, quantized_dimension=3,
                    data=rng.integers(-127, 128, (1, 3, 3, 4)).astype(np.int8))
    dw_bias = b.tensor([4], "int64", scale=[s_conv * s for s in dw_scales], zero_point=[0] * 4,
                       data=rng.integers(-3000, 3000, 4).astype(np.int64))
    dw = b.tensor([1, 8, 8, 4], "int16", scale=2.0 ** -8, zero_point=0)
    b.operator("DEPTHWISE_CONV_2D", [conv, dw_w, dw_bias], [dw], options("DepthwiseConv2DOptions",
               padding=schema.Padding.SAME, strideW=1, strideH=1, depthMultiplier=1))
    pooled = b.tensor([1, 4, 4, 4], "int16", scale=2.0 ** -8, zero_point=0)
    b.operator("MAX_POOL_2D", [dw], [pooled], options("Pool2DOptions", padding=schema.Padding.VALID, strideW=2,
               strideH=2, filterWidth=2, filterHeight=2))
    averaged = b.tensor([1, 4, 4, 4], "int16", scale=s_conv, zero_point=0)
    b.operator("AVERAGE_POOL_2D", [conv], [averaged], options("Pool2DOptions", padding=schema.Padding.VALID,
               strideW=2, strideH=2, filterWidth=2, filterHeight=2))
    summed = b.tensor([1, 4, 4, 4], "int16", scale=2.0 ** -7, zero_point=0)
    b.operator("ADD", [pooled, averaged], [summed], options("AddOptions"))
    gain = b.tensor([4], "int16", scale=2.0 ** -12, zero_point=0,
                    data=rng.integers(-8000, 8000, 4).astype(np.int16))
    product = b.tensor([1, 4, 4, 4], "int16", scale=2.0 ** -10, zero_point=0)
    b.operator("MUL", [summed, gain], [product], options("MulOptions"))
    sigmoid = b.tensor([1, 4, 4, 4], "int16", scale=2.0 ** -15, zero_point=0)
    b.operator("LOGISTIC", [product], [sigmoid])
    shape = b.tensor([2], "int32", data=np.array([1, 64], np.int32))
    flat = b.tensor([1, 64], "int16", scale=2.0 ** -15, zero_point=0)
    b.operator("RESHAPE", [sigmoid, shape], [flat], options("ReshapeOptions", newShape=[1, 64]))
    fc_w = b.tensor([10, 64], "int8", scale=0.02, zero_point=0, data=rng.integers(-127, 128, (10, 64)).astype(np.int8))
    fc_bias = b.tensor([10], "int32", scale=2.0 ** -15 * 0.02, zero_point=0,
                       data=rng.integers(-20000, 20000, 10).astype(np.int32))
    logits = b.tensor([1, 10], "int16", scale=2.0 ** -11, zero_point=0)
    b.operator("FULLY_CONNECTED", [flat, fc_w, fc_bias], [logits], options("FullyConnectedOptions"))
    squashed = b.tensor([1, 10], "int16", scale=2.0 ** -15, zero_point=0)
    b.operator("TANH", [logits], [squashed])
    probabilities = b.tensor([1, 10], "int16", scale=1.0 / 32768, zero_point=0)
    b.operator("SOFTMAX", [logits], [probabilities], options("SoftmaxOptions", beta=1.0))
    real = b.tensor([1, 10], "float32")
    b.operator("DEQUANTIZE", [squashed], [real])
    return b, [x], [probabilities, real]


def int16_chain_model() -> bytes:
    """`int16_chain_builder`'s model."""
    b, inputs, outputs = int16_chain_builder()
    return b.build(inputs, outputs)


def int16_layers_model() -> bytes:
    """The newer 16x8 kernels on one int16 input [1, 4, 4, 3]: MEAN (two axes, keep_dims), SUM (one axis),
    TRANSPOSE_CONV (stride 2, int64 bias), BATCH_MATMUL of the sum with itself (adj_y), PRELU (int8 alpha), and an
    LSTM over the matrix product reshaped to 4 steps; outputs: MEAN, TRANSPOSE_CONV, PRELU and the LSTM."""
    rng = np.random.default_rng(7)
    b = ModelBuilder("cfu 16x8 layers")
    s_in = 2.0 ** -10

    def axes(*values: int) -> int:
        return b.tensor([len(values)], "int32", data=np.array(values, np.int32))

    x = b.tensor([1, 4, 4, 3], "int16", scale=s_in, zero_point=0)
    mean = b.tensor([1, 1, 1, 3], "int16", scale=2.0 ** -11, zero_point=0)
    b.operator("MEAN", [x, axes(1, 2)], [mean], options("ReducerOptions", keepDims=True))
    summed = b.tensor([1, 4, 3], "int16", scale=2.0 ** -8, zero_point=0)
    b.operator("SUM", [x, axes(2)], [summed], options("ReducerOptions", keepDims=False))
    f_scales = [0.01, 0.02]
    f = b.tensor([2, 3, 3, 3], "int8", scale=f_scales, zero_point=[0, 0],
                 data=rng.integers(-127, 128, (2, 3, 3, 3)).astype(np.int8))
    bias = b.tensor([2], "int64", scale=[s_in * s for s in f_scales], zero_point=[0, 0],
                    data=rng.integers(-2**20, 2**20, 2).astype(np.int64))
    upsampled = b.tensor([1, 8, 8, 2], "int16", scale=2.0 ** -7, zero_point=0)
    b.operator("TRANSPOSE_CONV", [axes(1, 8, 8, 2), f, x, bias], [upsampled], options(
        "TransposeConvOptions", padding=schema.Padding.SAME, strideH=2, strideW=2))
    gram = b.tensor([1, 4, 4], "int16", scale=2.0 ** -2, zero_point=0)
    b.operator("BATCH_MATMUL", [summed, summed], [gram], options("BatchMatMulOptions", adjY=True))
    alpha = b.tensor([3], "int8", scale=0.01, zero_point=0, data=np.array([10, -20, 30], np.int8))
    leaky = b.tensor([1, 4, 4, 3], "int16", scale=s_in, zero_point=0)
    b.operator("PRELU", [x, alpha], [leaky])
    return b.build([x], [mean, upsampled, leaky, lstm_layer(b, rng, gram, units=3)])


SEEDS: dict[str, Callable[[], bytes]] = {
    "conv_reshape": conv_reshape_model, "classifier": classifier_model, "elementwise": elementwise_model,
    "new_operators": new_operators_model, "float_interface": float_interface_model, "stateful": stateful_model,
    "int16_chain": int16_chain_model, "int16_layers": int16_layers_model,
}


# -- mutations ---------------------------------------------------------------------------------------

BYTE_MUTATIONS = ("truncate", "flip", "word", "insert")


def mutate_bytes(buf: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    """Apply (kind, where in [0, 1), payload) mutations to the raw bytes."""
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


def random_byte_mutant(buf: bytes, rng: np.random.Generator) -> bytes:
    """One to three random byte mutations (that leave some byte changed)."""
    while True:
        mutant = mutate_bytes(buf, [(BYTE_MUTATIONS[int(rng.integers(4))], float(rng.random()),
                                     bytes(rng.integers(0, 256, 8, dtype=np.uint8)))
                                    for _ in range(int(rng.integers(1, 4)))])
        if mutant != buf:
            return mutant


_SCALE_FACTORS = (0.0, -1.0, 0.5, 0.9, 0.99, 1.01, 1.1, 2.0, 1e-6, 1e6, 1e30, float("inf"), float("nan"))
_EXTREME_INTS = (-2**31, -129, -128, -1, 0, 1, 2, 3, 4, 127, 128, 255, 256, 2**31 - 1)


def random_field_mutant(buf: bytes, rng: np.random.Generator) -> bytes:
    """The model with one field of one tensor or operator changed to another nearby or extreme value."""
    unchanged = pack_model(schema.ModelT.InitFromPackedBuf(buf, 0))
    while True:
        model = schema.ModelT.InitFromPackedBuf(buf, 0)
        sub = model.subgraphs[0]
        if rng.random() < 0.6:
            _change_tensor(model, _pick(sub.tensors, rng), rng)
        else:
            _change_operator(sub, _pick(sub.operators, rng), rng)
        try:
            mutant = pack_model(model)
        except TypeError:  # the value does not fit the field's type (flatbuffers checks on packing)
            continue
        if mutant != unchanged:
            return mutant


def _pick(seq, rng: np.random.Generator):
    return seq[int(rng.integers(len(seq)))]


def _near(value: int, rng: np.random.Generator) -> int:
    return int(value) + int(rng.integers(-3, 4)) if rng.random() < 0.6 else int(_pick(_EXTREME_INTS, rng))


def _change_tensor(model, t, rng: np.random.Generator) -> None:
    """Change a scale, zero point, quantized dimension, shape dimension, type, constant byte or variable flag of
    ``t``."""
    q = t.quantization
    field = _pick(("scale", "zero_point", "quantized_dimension", "shape", "type", "data", "variable"), rng)
    if field == "scale" and q is not None and len(q.scale):
        i = int(rng.integers(len(q.scale)))
        q.scale = [float(np.float32(s)) * _pick(_SCALE_FACTORS, rng) if k == i else float(s)
                   for k, s in enumerate(q.scale)]
    elif field == "zero_point" and q is not None and len(q.zeroPoint):
        q.zeroPoint = [_near(z, rng) for z in q.zeroPoint]
    elif field == "quantized_dimension" and q is not None:
        q.quantizedDimension = _near(q.quantizedDimension, rng) % 8 - 2
    elif field == "shape" and t.shape is not None and len(t.shape):
        shape = list(t.shape)
        i = int(rng.integers(len(shape)))
        shape[i] = max(shape[i] + int(rng.integers(-3, 4)), -1)
        t.shape = shape
    elif field == "type":
        t.type = int(rng.integers(0, 18))
    elif field == "data" and t.buffer and model.buffers[t.buffer].data is not None:
        data = np.array(model.buffers[t.buffer].data, np.uint8)
        data[int(rng.integers(data.size))] = int(rng.integers(256))
        model.buffers[t.buffer].data = data
    elif field == "variable":
        t.isVariable = not t.isVariable


def _change_operator(sub, op, rng: np.random.Generator) -> None:
    """Change one number of ``op``'s options, or rewire one of its inputs or its output."""
    field = _pick(("option", "input", "output"), rng)
    numbers = [k for k, v in vars(op.builtinOptions).items() if isinstance(v, (int, float))] \
        if op.builtinOptions is not None else []
    if field == "option" and numbers:
        name = _pick(numbers, rng)
        value = getattr(op.builtinOptions, name)
        setattr(op.builtinOptions, name,
                value * _pick(_SCALE_FACTORS, rng) if isinstance(value, float) else _near(value, rng))
    elif field == "input" and len(op.inputs):
        inputs = list(op.inputs)
        inputs[int(rng.integers(len(inputs)))] = int(rng.integers(-1, len(sub.tensors)))
        op.inputs = inputs
    elif field == "output":
        op.outputs = [int(rng.integers(len(sub.tensors)))]


@dataclass(frozen=True)
class Mutant:
    """One mutated model and how it was made (seed, kind, number), for reproducing it."""

    seed: str
    kind: str
    number: int
    data: bytes

    @property
    def label(self) -> str:
        return f"{self.seed}/{self.kind}/{self.number}"


def mutants(count: int, seed: int = 0) -> Iterator[Mutant]:
    """``count`` mutants, alternating seeds and byte/field mutation, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    seeds = {name: make() for name, make in SEEDS.items()}
    names = list(seeds)
    for number in range(count):
        name = names[number % len(names)]
        kind = "field" if (number // len(names)) % 2 else "bytes"
        mutate = random_field_mutant if kind == "field" else random_byte_mutant
        yield Mutant(name, kind, number, mutate(seeds[name], rng))
