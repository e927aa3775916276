"""Model interfaces against TFLite Micro: float32 inputs and outputs (the converter's QUANTIZE /
DEQUANTIZE pair), several inputs and outputs, operator codes in the deprecated field only."""

from __future__ import annotations

import numpy as np
import pytest

from cfu.model.mutants import float_interface_builder, stateful_model
from cfu.model.graph import parse_model
from cfu.model.schema import schema
from cfu.model.testing import pack_model
from op_models import check_layers, check_model


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("interfaces")


def test_float_inputs_and_outputs_several_of_each(build_dir):
    b, inputs, outputs = float_interface_builder()
    check_layers(b, inputs, build_dir, outputs=outputs)
    graph = parse_model(b.build(inputs, outputs))
    assert [t.dtype for t in graph.inputs] == ["float32", "float32"]
    assert [t.dtype for t in graph.outputs] == ["float32", "int8"]


def test_operator_codes_in_the_deprecated_field_only(build_dir):
    """Files written before schema 3a keep the builtin code in the int8 `deprecated_builtin_code`."""
    b, inputs, outputs = float_interface_builder()
    model = schema.ModelT.InitFromPackedBuf(b.build(inputs, outputs), 0)
    for code in model.operatorCodes:
        code.builtinCode = 0  # ADD, the default of the new field
    assert [op.name for op in parse_model(pack_model(model)).operators] == \
        ["QUANTIZE", "QUANTIZE", "ADD", "FULLY_CONNECTED", "DEQUANTIZE"]


def test_old_file_with_deprecated_codes_runs_golden(build_dir):
    """The SVDF/LSTM chain written as an old converter would (codes below 127 in the deprecated field only) is
    bit-exact with TFLite Micro, which reads the codes the same way."""
    model = schema.ModelT.InitFromPackedBuf(stateful_model(), 0)
    for code in model.operatorCodes:
        code.builtinCode = 0
    old = pack_model(model)
    assert [op.name for op in parse_model(old).operators] == ["SVDF", "SVDF", "RESHAPE", "UNIDIRECTIONAL_SEQUENCE_LSTM"]
    check_model(old, build_dir)
