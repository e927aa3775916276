"""The four MLPerf Tiny int8 models, every layer bit-exact with TFLite Micro, the golden reference
(docs/interfaces.md, "Facts about the dependencies").

Models are read from ../shared/models/mlperf_tiny beside the checkout (or $CFU_MLPERF_DIR), never copied here.
Each layer is checked alone on TFLite Micro's inputs (errors do not cascade) and, once every
operator has a kernel, the whole chain as the firmware runs it.
"""

from __future__ import annotations

import numpy as np
import pytest

from cfu.model.importer import import_model
from cfu.model.testing import check_against_tflm
from cfu.paths import mlperf_models_dir

MODELS_DIR = mlperf_models_dir()
MODELS = ["kws_ref_model", "vww_96_int8", "pretrainedResnet_quant", "ad01_int8"]
CORE_OPS = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "RESHAPE"}
# Smallest arena TFLite Micro needs (bytes, x86-64 build; models README): ours plans
# activations only, so it must never need more.
TFLM_MIN_ARENA = {"kws_ref_model": 24272, "vww_96_int8": 103672,
                  "pretrainedResnet_quant": 55984, "ad01_int8": 4632}


def _model(name: str) -> bytes:
    path = MODELS_DIR / f"{name}.tflite"
    if not path.exists():
        pytest.skip(f"MLPerf Tiny model {path} not present (set CFU_MLPERF_DIR)")
    return path.read_bytes()


def _inputs(buf: bytes) -> list[list[np.ndarray]]:
    """Three random inputs, then zeros, all -128, all 127."""
    shapes = [t.shape for t in import_model(buf, allow_unsupported=True).graph.inputs]
    sets = [[np.random.default_rng(seed).integers(-128, 128, s, dtype=np.int8) for s in shapes]
            for seed in range(3)]
    sets += [[np.full(s, v, np.int8) for s in shapes] for v in (0, -128, 127)]
    return sets


@pytest.fixture(scope="module", params=MODELS)
def results(request, tmp_path_factory):
    buf = _model(request.param)
    return check_against_tflm(buf, tmp_path_factory.mktemp(request.param), _inputs(buf),
                              allow_unsupported=True)


def test_core_layers_bit_exact(results):
    """CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, RESHAPE layers equal TFLite Micro's."""
    core = [r for r in results if r.op in CORE_OPS]
    assert core
    problems = sorted({r.problem for r in core if not r.ok})
    assert not problems, "\n".join(problems)


def test_every_layer_bit_exact(results):
    """The whole model (fails, naming the layers, while an operator has no kernel yet)."""
    problems = list(dict.fromkeys(r.problem for r in results if not r.ok))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", MODELS)
def test_arena_not_larger_than_tflm(name):
    model = import_model(_model(name), allow_unsupported=True)
    assert 0 < model.arena_bytes <= TFLM_MIN_ARENA[name]
