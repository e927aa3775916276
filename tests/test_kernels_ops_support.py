"""Which operators a model lacks: one message listing every problem, and `cfu model-info`."""

from __future__ import annotations

import numpy as np
import pytest

from cfu.cli import main
from cfu.errors import CfuError
from cfu.model.importer import import_model
from cfu.model.testing import ModelBuilder, options


def _model_with_problems() -> bytes:
    """Two unsupported operators, a float32 FULLY_CONNECTED, a bool tensor, and a supported DEQUANTIZE."""
    b = ModelBuilder()
    x, y, z = (b.tensor([1, 4], scale=0.1) for _ in range(3))
    f = b.tensor([1, 4], "float32")
    w = b.tensor((3, 4), scale=0.01, data=np.ones((3, 4), np.int8))
    out = b.tensor([1, 3], "float32")
    flags = b.tensor([1, 3], "bool")
    b.operator("CUMSUM", [x], [y])
    b.operator("SIGN", [y], [z])
    b.operator("DEQUANTIZE", [z], [f])
    b.operator("FULLY_CONNECTED", [f, w, -1], [out], options("FullyConnectedOptions"))
    b.operator("LOGICAL_NOT", [out], [flags])
    return b.build([x], [flags])


def test_every_problem_is_listed_in_one_error():
    with pytest.raises(CfuError) as e:
        import_model(_model_with_problems())
    lines = str(e.value).splitlines()
    assert lines[0] == "the model has 4 problems (operators not supported: CUMSUM, SIGN):"
    assert lines[1] == "  layer 0 (CUMSUM): operator not supported"
    assert lines[2] == "  layer 1 (SIGN): operator not supported"
    assert lines[3] == "  layer 3 (FULLY_CONNECTED): input tensor 't3' has type float32; supported: int8, int16"
    assert lines[4].startswith("  layer 4 (LOGICAL_NOT): tensor 't6' has type bool; supported activation types: ")
    assert lines[5].endswith("operators are supported: `cfu model-info MODEL` lists them, docs/models.md describes them")
    assert len(lines) == 6  # the supported DEQUANTIZE is not mentioned


def test_one_problem_stays_one_line():
    b = ModelBuilder()
    x, y = b.tensor([1, 4], scale=0.1), b.tensor([1, 4], scale=0.1)
    b.operator("CUMSUM", [x], [y])
    with pytest.raises(CfuError, match=r"^layer 0 \(CUMSUM\): operator not supported; \d+ operators are supported"):
        import_model(b.build([x], [y]))


def test_model_info_lists_layers_and_problems(tmp_path, capsys):
    path = tmp_path / "m.tflite"
    path.write_bytes(_model_with_problems())
    assert main(["model-info", str(path)]) == 1
    out = capsys.readouterr().out
    assert "input 0: 't0' 1x4 int8, scale 0.100000001, zero point 0" in out
    assert "   0 CUMSUM" in out and "NOT SUPPORTED: operator not supported" in out
    assert "   2 DEQUANTIZE                          0  1x4 int8 -> 1x4 float32\n" in out
    assert "   3 FULLY_CONNECTED                     ?  1x4 float32, 3x4 int8 const -> 1x3 float32   NOT SUPPORTED: " in out
    assert "weights: 12 bytes of constant tensors" in out
    assert "supported: no\nthe model has 4 problems" in out
    assert "\nsupported operators: ADD, ARG_MAX, " in out


def test_model_info_of_a_supported_model(tmp_path, capsys):
    b = ModelBuilder()
    x = b.tensor([2, 8], scale=0.1, zero_point=3)
    w = b.tensor((4, 8), scale=0.01, data=np.ones((4, 8), np.int8))
    y = b.tensor([2, 4], scale=0.2)
    b.operator("FULLY_CONNECTED", [x, w, -1], [y], options("FullyConnectedOptions"))
    path = tmp_path / "fc.tflite"
    path.write_bytes(b.build([x], [y]))
    assert main(["model-info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "MACs: 64\n" in out
    assert "tensor arena: 32 bytes" in out
    assert out.endswith("supported: yes, every layer\n")


def test_model_info_of_a_missing_file(tmp_path, capsys):
    assert main(["model-info", str(tmp_path / "none.tflite")]) == 2
    assert "cfu model-info: error: cannot read model" in capsys.readouterr().err
