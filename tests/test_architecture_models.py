"""The small generated models of deployed architectures (tests/data/architectures, written by
scripts/make_architecture_models.py) against TFLite Micro on the host: every layer alone and the whole chain,
bit for bit, on 7 input sets (for the stateful SVDF and LSTM models, 7 invocations in a row)."""

from __future__ import annotations

from pathlib import Path

import pytest

from op_models import check_model

MODELS = sorted((Path(__file__).parent / "data" / "architectures").glob("*.tflite"))


def test_the_small_models_are_committed():
    assert {p.stem for p in MODELS} == {"ds_cnn", "resnet", "person_detection", "float_io_classifier",
                                        "svdf_keyword", "lstm_classifier"}


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_every_layer_matches_tflite_micro(path, tmp_path_factory):
    check_model(path.read_bytes(), tmp_path_factory.mktemp(path.stem))
