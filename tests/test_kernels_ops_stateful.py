"""Stateful operators against TFLite Micro: SVDF with int16 and int8 state and UNIDIRECTIONAL_SEQUENCE_LSTM (int8
hidden, int16 cell state), over a sequence of invocations in which the state (variable tensors) carries over, and
the variable tensors' plan, reset and import checks."""

from __future__ import annotations

import numpy as np
import pytest

from cfu.errors import CfuError
from cfu.model.host import HostModel
from cfu.model.importer import import_model
from cfu.model.mutants import lstm_layer, stateful_model, svdf_layer
from cfu.model.testing import ModelBuilder, options, pack_model
from cfu.model.schema import schema
from op_models import check_layers, check_model

LAYERS = 8


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("stateful")


def test_svdf_random_layers_over_seven_invocations(build_dir):
    """Independent SVDF layers of random sizes, rank 1-3, int16 or int8 state (any zero point), batches 1-3: each
    layer's output and state after each of 7 invocations in a row, alone and chained."""
    rng, b, inputs = np.random.default_rng(15), ModelBuilder(), []
    for k in range(LAYERS):
        rank = int(rng.integers(1, 4))
        x = b.tensor([int(rng.integers(1, 4)), int(rng.integers(1, 12))], scale=float(np.float32(2.0 ** rng.uniform(-6, -2))),
                     zero_point=int(rng.integers(-128, 128)))
        inputs.append(x)
        state_type = "int16" if k % 2 == 0 else "int8"
        svdf_layer(b, rng, x, filters=rank * int(rng.integers(1, 5)), memory=int(rng.integers(1, 6)), rank=rank,
                   state_type=state_type, state_zero_point=0 if state_type == "int16" else int(rng.integers(-100, 100)))
    check_layers(b, inputs, build_dir)


def test_stateful_chain_with_saturating_state(build_dir):
    """Two SVDF layers, a RESHAPE and an LSTM in a row; the int8 SVDF state's zero point makes TFLite Micro's
    clamp-then-add wrap around."""
    check_model(stateful_model(), build_dir)


def test_lstm_random_layers_over_seven_invocations(build_dir):
    """Independent LSTM layers: batch 1-2, 1-4 time steps, 1-6 features, 1-6 units, batch- or time-major, with and
    without cell clipping, cell scales 2^-13..2^-9; outputs and both states after each of 7 invocations."""
    rng, b, inputs = np.random.default_rng(16), ModelBuilder(), []
    for k in range(6):
        time_major = k % 2 == 1
        batch, steps = int(rng.integers(1, 3)), int(rng.integers(1, 5))
        x = b.tensor([steps, batch, int(rng.integers(1, 7))] if time_major else [batch, steps, int(rng.integers(1, 7))],
                     scale=float(np.float32(2.0 ** rng.uniform(-7, -3))), zero_point=int(rng.integers(-128, 128)))
        inputs.append(x)
        lstm_layer(b, rng, x, units=int(rng.integers(1, 7)), time_major=time_major,
                   cell_clip=[0.0, 0.3, 3.0][k % 3], cell_scale=2.0 ** -int(rng.integers(9, 14)))
    check_layers(b, inputs, build_dir)


def test_state_lives_through_every_layer_and_resets_to_its_zero_point(build_dir):
    model = import_model(stateful_model())
    graph = model.graph
    states = [t for t in graph.tensors if t.is_variable]
    assert [t.dtype for t in states] == ["int16", "int8", "int8", "int16"]
    buffers = {b.tensor: b for b in model.plan.buffers}
    for t in states:
        assert (buffers[t.index].first, buffers[t.index].last) == (0, len(graph.operators) - 1)
        begin = model.plan.offsets[t.index]
        for other in model.plan.buffers:  # no other tensor shares its bytes, at any layer
            if other.tensor != t.index:
                o = model.plan.offsets[other.tensor]
                assert o + other.size <= begin or begin + buffers[t.index].size <= o
    host = HostModel(model, build_dir)
    host.write(graph.inputs[0].index, np.full(graph.inputs[0].shape, 100, np.int8))
    host.invoke()
    assert np.any(host.read(states[1].index) != 5)
    host.reset()
    assert np.all(host.read(states[0].index) == 0) and np.all(host.read(states[1].index) == 5)


def _edited(edit) -> bytes:
    model = schema.ModelT.InitFromPackedBuf(stateful_model(), 0)
    edit(model.subgraphs[0], model)
    return pack_model(model)


def _state(sub) -> schema.TensorT:
    return next(t for t in sub.tensors if t.isVariable)


def _drop_bias(sub, model):
    sub.operators[0].inputs = [*sub.operators[0].inputs[:3], -1, sub.operators[0].inputs[4]]


def _state_constant(sub, model):
    b = schema.BufferT()
    b.data = np.zeros(64, np.uint8)
    model.buffers.append(b)
    _state(sub).buffer = len(model.buffers) - 1


@pytest.mark.parametrize("edit, message", [
    (lambda sub, m: setattr(_state(sub), "isVariable", False), "layer 0 (SVDF): input tensor 't4' (tensor 4) is never written before"),
    (_drop_bias, "layer 0 (SVDF): has no bias"),
    (lambda sub, m: setattr(sub.operators[0].builtinOptions, "rank", 3), "layer 0 (SVDF): rank 3 does not divide"),
    (lambda sub, m: setattr(_state(sub), "shape", [1, 30]), "layer 0 (SVDF): state tensor 't4' has shape [1, 30]"),
    (_state_constant, "tensor 4 ('t4') is variable (layer state) but holds constant data"),
    (lambda sub, m: setattr(_state(sub), "type", schema.TensorType.INT8), "state tensor 't4' has type int8; supported: int16"),
])
def test_import_names_what_is_wrong(edit, message):
    with pytest.raises(CfuError) as error:
        import_model(_edited(edit))
    assert message in str(error.value)


def _lstm_model() -> bytes:
    b = ModelBuilder()
    x = b.tensor([1, 3, 4], scale=0.05, zero_point=3)
    return b.build([x], [lstm_layer(b, np.random.default_rng(0), x, units=4)])


def _lstm_edited(edit) -> bytes:
    model = schema.ModelT.InitFromPackedBuf(_lstm_model(), 0)
    edit(model.subgraphs[0].operators[0], model.subgraphs[0])
    return pack_model(model)


@pytest.mark.parametrize("edit, message", [
    (lambda op, sub: setattr(op, "inputs", [*op.inputs[:9], 1, *op.inputs[10:]]),
     "has cell-to-input (peephole) weights (input 9)"),
    (lambda op, sub: setattr(op.builtinOptions, "fusedActivationFunction", 1), "cell gate activation 1"),
    (lambda op, sub: setattr(op, "inputs", op.inputs[:20]), "has 20 inputs"),
    (lambda op, sub: setattr(sub.tensors[op.inputs[19]], "type", schema.TensorType.INT8),
     "cell state tensor 't14' has type int8; supported: int16"),
    (lambda op, sub: setattr(op, "inputs", [*op.inputs[:2], op.inputs[13], *op.inputs[3:]]),
     "forget gate input weights tensor 't6' has type int32; supported: int8"),
])
def test_lstm_import_names_what_is_wrong(edit, message):
    with pytest.raises(CfuError) as error:
        import_model(_lstm_edited(edit))
    assert message in str(error.value)
