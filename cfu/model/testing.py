"""Test helpers: synthetic models in pure Python, TFLite Micro as the per-layer golden reference,
and the layer-by-layer comparison of our host build against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flatbuffers
import numpy as np

from cfu.model.graph import parse_model
from cfu.model.host import HostModel
from cfu.model.importer import ImportedModel, import_model
from cfu.model.schema import BUILTIN_CODES, TYPE_CODES, schema

_PLACEHOLDER_FOR_GREATER_OP_CODES = 127


class ModelBuilder:
    """Builds a small single-subgraph `.tflite` with the schema's object API (no TensorFlow)."""

    def __init__(self, description: str = "cfu synthetic model"):
        self._sub = schema.SubGraphT()
        self._sub.tensors, self._sub.operators = [], []
        self._model = schema.ModelT()
        self._model.version = 3
        self._model.description = description
        self._model.operatorCodes, self._model.subgraphs = [], [self._sub]
        self._model.buffers = [schema.BufferT()]  # buffer 0: the empty one

    def tensor(self, shape: Sequence[int], dtype: str = "int8", scale: float | Sequence[float] = 1.0,
               zero_point: int | Sequence[int] = 0, data: np.ndarray | None = None,
               quantized_dimension: int = 0, name: str | None = None, variable: bool = False) -> int:
        """Add a tensor (a constant when `data` is given, layer state when `variable`); returns its index."""
        t = schema.TensorT()
        t.isVariable = variable
        t.shape = [int(d) for d in shape]
        t.type = TYPE_CODES[dtype]
        t.name = name or f"t{len(self._sub.tensors)}"
        q = schema.QuantizationParametersT()
        q.scale = [float(s) for s in np.atleast_1d(scale)]
        q.zeroPoint = [int(z) for z in np.atleast_1d(zero_point)]
        q.quantizedDimension = quantized_dimension
        t.quantization = q
        if data is not None:
            b = schema.BufferT()
            b.data = np.ascontiguousarray(data).reshape(-1).view(np.uint8)
            self._model.buffers.append(b)
            t.buffer = len(self._model.buffers) - 1
        self._sub.tensors.append(t)
        return len(self._sub.tensors) - 1

    def operator(self, name: str, inputs: Sequence[int], outputs: Sequence[int],
                 options: Any = None) -> int:
        """Add a builtin operator; `options` is a schema `...OptionsT` object."""
        code = BUILTIN_CODES[name]
        codes = self._model.operatorCodes
        index = next((i for i, c in enumerate(codes) if c.builtinCode == code), None)
        if index is None:
            oc = schema.OperatorCodeT()
            oc.builtinCode = code
            oc.deprecatedBuiltinCode = min(code, _PLACEHOLDER_FOR_GREATER_OP_CODES)
            codes.append(oc)
            index = len(codes) - 1
        op = schema.OperatorT()
        op.opcodeIndex, op.inputs, op.outputs = index, list(inputs), list(outputs)
        if options is not None:
            op.builtinOptionsType = getattr(schema.BuiltinOptions, type(options).__name__[:-1])
            op.builtinOptions = options
        self._sub.operators.append(op)
        return len(self._sub.operators) - 1

    def operator_outputs(self) -> list[int]:
        """The first output tensor of every operator added so far."""
        return [op.outputs[0] for op in self._sub.operators]

    def build(self, inputs: Sequence[int], outputs: Sequence[int]) -> bytes:
        self._sub.inputs, self._sub.outputs = list(inputs), list(outputs)
        return pack_model(self._model)


def options(kind: str, **fields: Any) -> Any:
    """A schema options object, e.g. ``options("Conv2DOptions", strideW=2, padding=0)``."""
    o = getattr(schema, kind + "T")()
    for k, v in fields.items():
        if not hasattr(o, k):
            raise AttributeError(f"{kind} has no field {k}")
        setattr(o, k, v)
    return o


def pack_model(model: Any) -> bytes:
    """A schema ``ModelT`` as `.tflite` bytes."""
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def with_all_outputs(buf: bytes) -> tuple[bytes, list[int]]:
    """Rewrite a model so every operator output is also a subgraph output.

    TFLite Micro returns only subgraph outputs; this exposes every layer. Returns the new
    flatbuffer and the tensor index of each of its outputs, in order.
    """
    model = schema.ModelT.InitFromPackedBuf(buf, 0)
    sub = model.subgraphs[0]
    outs = [int(i) for i in sub.outputs]
    for op in sub.operators:
        outs += [int(i) for i in op.outputs if int(i) not in outs]
    sub.outputs = outs
    return pack_model(model), outs


class TflmReference:
    """TFLite Micro running a model with every layer's output exposed, and its variable tensors (layer state)
    read after each invocation; the state carries over from one `run` to the next."""

    def __init__(self, buf: bytes):
        from tflite_micro import runtime

        rewritten, self.tensor_indices = with_all_outputs(buf)
        self.variables = [t.index for t in parse_model(buf).tensors if t.is_variable]
        # Only this configuration lets GetTensor read a tensor that is no output (the state).
        config = (runtime.InterpreterConfig.kPreserveAllTensors if self.variables
                  else runtime.InterpreterConfig.kAllocationRecording)
        self._interp = runtime.Interpreter.from_bytes(
            rewritten, arena_size=max(len(buf) * 10, 1 << 20), intrepreter_config=config)

    def run(self, inputs: Sequence[np.ndarray]) -> dict[int, np.ndarray]:
        """Invoke on `inputs`; returns tensor index -> values for every operator output and variable tensor."""
        for i, x in enumerate(inputs):
            self._interp.set_input(x, i)
        self._interp.invoke()
        values = {t: np.array(self._interp.get_output(k)) for k, t in enumerate(self.tensor_indices)}
        return {**values, **self.state()}

    def state(self) -> dict[int, np.ndarray]:
        """The variable tensors' current values (after a reset: their initial values)."""
        return {t: np.array(self._interp.GetTensor(t, 0)["tensor_data"]) for t in self.variables}


@dataclass(frozen=True)
class LayerResult:
    """The comparison of one layer's output with TFLite Micro's; `problem` is None when bit-exact."""

    layer: int
    op: str
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def compare(layer: int, op: str, expected: np.ndarray, got: np.ndarray) -> LayerResult:
    """Bit-exact comparison, naming the first differing element."""
    if expected.shape != got.shape or expected.dtype != got.dtype:
        return LayerResult(layer, op, f"layer {layer} ({op}): shape/type {got.shape} {got.dtype}, "
                                      f"expected {expected.shape} {expected.dtype}")
    diff = np.argwhere(expected != got)
    if diff.size == 0:
        return LayerResult(layer, op, None)
    where = tuple(int(i) for i in diff[0])
    return LayerResult(layer, op, f"layer {layer} ({op}): first difference at output index "
                                  f"{where}: expected {expected[where]}, got {got[where]} "
                                  f"({len(diff)} of {expected.size} elements differ)")


def compare_isolated(model: ImportedModel, host: HostModel,
                     golden: dict[int, np.ndarray], inputs: Sequence[np.ndarray],
                     state: dict[int, np.ndarray] | None = None) -> list[LayerResult]:
    """Each supported layer run alone on TFLite Micro's values of its inputs (errors do not cascade).

    ``state`` holds TFLite Micro's variable tensors before this invocation (layer state read and written by a
    layer, so it is fed like an input). Layers the import left out (`allow_unsupported`) are reported as not
    supported.
    """
    values = dict(golden)
    values.update(state or {})
    values.update({t.index: x for t, x in zip(model.graph.inputs, inputs)})
    results = []
    for op, layer in zip(model.graph.operators, model.layers):
        if layer is None:
            results.append(LayerResult(op.index, op.name,
                                       f"layer {op.index} ({op.name}): not supported yet (no kernel)"))
            continue
        for t in op.inputs:
            if t is not None and not t.is_constant:
                host.write(t.index, values[t.index])
        host.invoke_layer(op.index)
        results += [compare(op.index, op.name, values[t.index], host.read(t.index)) for t in op.outputs]
    return results


def compare_chained(model: ImportedModel, host: HostModel,
                    golden: dict[int, np.ndarray], inputs: Sequence[np.ndarray],
                    state: dict[int, np.ndarray] | None = None) -> list[LayerResult]:
    """The whole model run from its inputs (and the variable tensors' ``state`` before the invocation) as the
    firmware runs it, every layer's output and the state after it checked."""
    for t, x in [*zip(model.graph.inputs, inputs), *(state or {}).items()]:
        host.write(t if isinstance(t, int) else t.index, x)
    results = []
    for op in model.graph.operators:
        host.invoke_layer(op.index)
        results += [compare(op.index, op.name, golden[t.index], host.read(t.index)) for t in op.outputs]
    results += [compare(-1, f"state '{model.graph.tensors[t].name}'", golden[t], host.read(t)) for t in state or {}]
    return results


def run_sequence(reference: TflmReference, inputs: Sequence[Sequence[np.ndarray]]
                 ) -> tuple[list[dict[int, np.ndarray]], list[dict[int, np.ndarray]]]:
    """TFLite Micro invoked on each input set in turn: every invocation's outputs (`TflmReference.run`) and its
    variable tensors before it (the first: their reset values)."""
    goldens, states = [], []
    for x in inputs:
        states.append(reference.state())
        goldens.append(reference.run(x))
    return goldens, states


def compare_sequence(model: ImportedModel, host: HostModel, inputs: Sequence[Sequence[np.ndarray]],
                     goldens: list[dict[int, np.ndarray]], states: list[dict[int, np.ndarray]]) -> list[LayerResult]:
    """The host build's reset state, then each invocation of `run_sequence`: every layer alone and, when every
    layer is supported, the whole chain with the state after it."""
    results = [compare(-1, f"reset state '{model.graph.tensors[t].name}'", v, host.read(t))
               for t, v in (states[0] if states else {}).items()]
    complete = all(layer is not None for layer in model.layers)
    for x, golden, state in zip(inputs, goldens, states):
        results += compare_isolated(model, host, golden, x, state)
        if complete:
            results += compare_chained(model, host, golden, x, state)
    return results


def check_against_tflm(buf: bytes, build_dir: str | Path,
                       inputs: Sequence[Sequence[np.ndarray]],
                       allow_unsupported: bool = False, **host_options: Any) -> list[LayerResult]:
    """Import and host-build `buf`, run it and TFLite Micro on each input set, compare every layer.

    Every layer is checked alone on TFLite Micro's inputs, and, when every layer is supported,
    the whole chain as the firmware runs it. The input sets are one sequence of invocations: a model's variable
    tensors (layer state) carry over from one to the next and are checked after each, and their reset values
    before the first. ``host_options`` go to :class:`HostModel` (a project's kernel sources, its emulation,
    ``SW_ONLY``).
    """
    model = import_model(buf, allow_unsupported=allow_unsupported)
    host = HostModel(model, build_dir, **host_options)
    goldens, states = run_sequence(TflmReference(buf), inputs)
    return compare_sequence(model, host, inputs, goldens, states)
