"""The golden reference runs TFLite Micro in a process of its own: a rejection or a crash is a reason, not a loss."""

import numpy as np
import pytest
from offline_plan_models import small_model, tflm_crashes, tflm_rejects

from cfu.model.importer import import_model
from cfu.profile.golden import GoldenError, tflm_outputs
from cfu.profile.model_input import fixed_input


def _golden(tmp_path, buf: bytes) -> dict[int, bytes]:
    path = tmp_path / "model.tflite"
    path.write_bytes(buf)
    model = import_model(buf)
    return tflm_outputs(path, fixed_input(model), len(model.graph.outputs))


def test_outputs_of_a_good_model(tmp_path):
    outputs = _golden(tmp_path, small_model())
    assert list(outputs) == [0] and len(outputs[0]) == 48
    assert len(set(outputs[0])) > 1


def test_a_model_tflite_micro_rejects_gives_its_reason(tmp_path):
    with pytest.raises(GoldenError, match=r"Nbr of offline buffer offsets \(1\) in metadata not equal nbr tensors"):
        _golden(tmp_path, tflm_rejects())


def test_a_crash_of_tflite_micro_gives_the_signal(tmp_path):
    with pytest.raises(GoldenError, match=r"^TFLite Micro crashed \(signal 11, SIGSEGV\)$"):
        _golden(tmp_path, tflm_crashes())


def test_the_importer_accepts_both(tmp_path):
    """What makes them the right test cases: only TFLite Micro trips over them."""
    for buf in (tflm_rejects(), tflm_crashes()):
        assert [op.name for op in import_model(buf).graph.operators] == ["CONV_2D", "RESHAPE"]
    assert np.array_equal(fixed_input(import_model(tflm_crashes())), fixed_input(import_model(small_model())))
