"""A small 16x8-quantized chain (int16 activations, int8 weights) built without TensorFlow, shared by the host
test and the RTL-simulator run of tests/test_kernels_ops_int16*.py."""

from __future__ import annotations

import numpy as np

from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, options


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
