"""Model interfaces against TFLite Micro: float32 inputs and outputs (the converter's QUANTIZE /
DEQUANTIZE pair), several inputs and outputs, operator codes in the deprecated field only."""

from __future__ import annotations

import numpy as np
import pytest

from cfu.model.graph import parse_model
from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, options, pack_model
from op_models import check_layers


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("interfaces")


def two_input_float_model() -> tuple[ModelBuilder, list[int], list[int]]:
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


def test_float_inputs_and_outputs_several_of_each(build_dir):
    b, inputs, outputs = two_input_float_model()
    check_layers(b, inputs, build_dir, outputs=outputs)
    graph = parse_model(b.build(inputs, outputs))
    assert [t.dtype for t in graph.inputs] == ["float32", "float32"]
    assert [t.dtype for t in graph.outputs] == ["float32", "int8"]


def test_operator_codes_in_the_deprecated_field_only(build_dir):
    """Files written before schema 3a keep the builtin code in the int8 `deprecated_builtin_code`."""
    b, inputs, outputs = two_input_float_model()
    model = schema.ModelT.InitFromPackedBuf(b.build(inputs, outputs), 0)
    for code in model.operatorCodes:
        code.builtinCode = 0  # ADD, the default of the new field
    assert [op.name for op in parse_model(pack_model(model)).operators] == \
        ["QUANTIZE", "QUANTIZE", "ADD", "FULLY_CONNECTED", "DEQUANTIZE"]
