"""The importer refuses first, with a named error, what TFLite Micro's Prepare refuses (and what would make it
compute garbage or crash): each case is one defect in an otherwise valid model; where TFLite Micro refuses the
model too, the test shows it does."""

from __future__ import annotations

import numpy as np
import pytest

from cfu.errors import CfuError
from cfu.model.importer import import_model
from cfu.model.schema import TYPE_CODES, schema
from cfu.model.testing import ModelBuilder, TflmReference, options

RNG = np.random.default_rng(0)


def fully_connected(bias_scale: float | None = 0.001, activation: int = 0, output_scale: float = 0.2) -> ModelBuilder:
    b = ModelBuilder()
    x = b.tensor((1, 8), scale=0.1)
    f = b.tensor((4, 8), scale=0.01, data=RNG.integers(-127, 128, (4, 8), dtype=np.int8))
    bias = -1 if bias_scale is None else b.tensor((4,), "int32", scale=bias_scale, data=np.arange(4, dtype=np.int32))
    y = b.tensor((1, 4), scale=output_scale)
    b.operator("FULLY_CONNECTED", [x, f, bias], [y], options("FullyConnectedOptions",
                                                             fusedActivationFunction=activation))
    return b


def conv(quantized_dimension: int = 0, bias: bool = True) -> ModelBuilder:
    b = ModelBuilder()
    x = b.tensor((1, 4, 4, 2), scale=0.05, zero_point=3)
    f = b.tensor((3, 2, 2, 2), scale=[0.01, 0.02, 0.03], zero_point=[0] * 3, quantized_dimension=quantized_dimension,
                 data=RNG.integers(-127, 128, (3, 2, 2, 2), dtype=np.int8))
    bias_t = b.tensor((3,), "int32", [0.0005, 0.001, 0.0015], [0] * 3, data=np.ones(3, np.int32)) if bias else -1
    y = b.tensor((1, 3, 3, 3), scale=0.1)
    b.operator("CONV_2D", [x, f, bias_t], [y], options("Conv2DOptions", padding=schema.Padding.VALID,
                                                         strideW=1, strideH=1))
    return b


def depthwise(multiplier_option: int = 2, bias: bool = True) -> ModelBuilder:
    b = ModelBuilder()
    x = b.tensor((1, 3, 3, 2), scale=0.05)
    f = b.tensor((1, 2, 2, 4), scale=[0.01] * 4, zero_point=[0] * 4, quantized_dimension=3,
                 data=RNG.integers(-127, 128, (1, 2, 2, 4), dtype=np.int8))
    bias_t = b.tensor((4,), "int32", [0.0005] * 4, [0] * 4, data=np.ones(4, np.int32)) if bias else -1
    y = b.tensor((1, 2, 2, 4), scale=0.1)
    b.operator("DEPTHWISE_CONV_2D", [x, f, bias_t], [y], options(
        "DepthwiseConv2DOptions", padding=schema.Padding.VALID, strideW=1, strideH=1,
        depthMultiplier=multiplier_option))
    return b


def reshape(shape_type: str = "int32") -> ModelBuilder:
    b = ModelBuilder()
    x = b.tensor((1, 8), scale=0.1)
    s = b.tensor((2,), "int32", data=np.array([2, 4], np.int32))
    b._sub.tensors[s].type = TYPE_CODES[shape_type]
    y = b.tensor((2, 4), scale=0.1)
    b.operator("RESHAPE", [x, s], [y], options("ReshapeOptions", newShape=[2, 4]))
    return b


def with_tensor(b: ModelBuilder, index: int, **fields) -> ModelBuilder:
    t = b._sub.tensors[index]
    for name, value in fields.items():
        setattr(t.quantization if name in ("scale", "zeroPoint") else t, name, value)
    return b


def with_option(b: ModelBuilder, **fields) -> ModelBuilder:
    for name, value in fields.items():
        setattr(b._sub.operators[0].builtinOptions, name, value)
    return b


def built(b: ModelBuilder) -> bytes:
    """Inputs are the tensors no operator writes and that hold no data; outputs, the last operator's."""
    written = {o for op in b._sub.operators for o in op.outputs}
    used = [i for op in b._sub.operators for i in op.inputs if i >= 0]
    inputs = sorted({i for i in used if i not in written and b._sub.tensors[i].buffer == 0})
    return b.build(inputs, list(b._sub.operators[-1].outputs))


# (model, words of the expected message, TFLite Micro refuses it too)
CASES = {
    "bias scale": (lambda: fully_connected(bias_scale=0.5),
                   r"layer 0 \(FULLY_CONNECTED\): bias tensor 't2' has scale 0.5, but input scale x filter scale "
                   r"is 0.001; they must agree within 0.02 x the output scale 0.2", True),
    "zero point range": (lambda: with_tensor(fully_connected(), 0, zeroPoint=[300]),
                         r"tensor 0 \('t0'\) has zero point 300, outside the int8 range \[-128, 127\]", False),
    "filter zero point range": (lambda: with_tensor(fully_connected(), 1, zeroPoint=[-2**40]),
                                r"tensor 1 \('t1'\) has zero point -1099511627776, outside the int8 range", False),
    "per-channel axis": (lambda: conv(quantized_dimension=1),
                         r"layer 0 \(CONV_2D\): filter tensor 't1' is quantized per channel along dimension 1; "
                         r"this operator's channels are dimension 0", True),
    "infinite scale": (lambda: with_tensor(fully_connected(), 3, scale=[float("inf")]),
                       r"layer 0 \(FULLY_CONNECTED\): output tensor 't3' has scale inf; scales must be positive "
                       r"and finite", False),
    "activation limit": (lambda: fully_connected(activation=3, output_scale=1e-12, bias_scale=None),
                         r"layer 0 \(FULLY_CONNECTED\): fused RELU6's limit 6 is 6e\+12 steps of the output scale "
                         r"1e-12, more than an int32 holds", True),
    "depth multiplier": (lambda: depthwise(multiplier_option=1),
                         r"layer 0 \(DEPTHWISE_CONV_2D\): option depth_multiplier is 1, but the filter makes 4 "
                         r"output channels of 2 input channels \(multiplier 2\)", False),
    "depthwise absent bias": (lambda: depthwise(bias=False),  # TFLite Micro crashes (exit 139): not run here
                              r"layer 0 \(DEPTHWISE_CONV_2D\): its bias input is given as absent \(-1\), which "
                              r"crashes TFLite Micro", False),
    "unsized type": (lambda: reshape("string"),
                     r"malformed .tflite file: tensor 1 \('t1'\) has type string, which TFLite Micro cannot hold",
                     True),
    "window overflow": (lambda: with_option(conv(), dilationHFactor=2**31 - 1),
                        r"layer 0 \(CONV_2D\): a window of 2 taps dilated by 2147483647 with stride 1 over 4 values "
                        r"overflows TFLite Micro's 32-bit window arithmetic", False),
    "bias type option": (lambda: with_option(conv(), quantizedBiasType=-2),
                         r"layer 0 \(CONV_2D\): option quantized_bias_type -2 is not a TFLite tensor type", True),
}


@pytest.mark.parametrize("case", CASES)
def test_refused_with_a_named_error(case):
    make, message, tflm_refuses = CASES[case]
    buf = built(make())
    with pytest.raises(CfuError, match=message):
        import_model(buf)
    if tflm_refuses:
        with pytest.raises(RuntimeError, match="TFLM failed to allocate tensors"):
            TflmReference(buf)


def test_bias_scale_within_tolerance_is_accepted_by_both():
    product = float(np.float32(0.1)) * float(np.float32(0.01))
    buf = built(fully_connected(bias_scale=product + 0.019 * 0.2))
    import_model(buf)
    TflmReference(buf).run([np.zeros((1, 8), np.int8)])


def test_a_layer_reading_an_unwritten_tensor():
    b = fully_connected()
    stray = b.tensor((1, 4), scale=0.2)
    y = b.tensor((1, 4), scale=0.2)
    b.operator("ADD", [b._sub.operators[0].outputs[0], stray], [y], options("AddOptions"))
    with pytest.raises(CfuError, match=r"layer 1 \(ADD\): input tensor 't4' \(tensor 4\) is never written before"):
        import_model(b.build([0], [y]))


def test_a_tensor_written_twice():
    b = fully_connected()
    out = b._sub.operators[0].outputs[0]
    b.operator("RESHAPE", [0], [out], options("ReshapeOptions", newShape=[1, 4]))
    with pytest.raises(CfuError, match=r"layer 1 \(RESHAPE\): output tensor 't3' \(tensor 3\) is written twice "
                                       r"\(layer 0 \(FULLY_CONNECTED\) writes it\)"):
        import_model(b.build([0], [out]))
