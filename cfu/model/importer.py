"""Import a `.tflite` model: parse, validate and prepare every operator, plan the arena, check budgets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cfu.errors import CfuError
from cfu.model.graph import Graph, parse_model
from cfu.model.ops import prepare_operator, registry
from cfu.model.ops.base import CodeUnit, LayerCode
from cfu.model.planner import ArenaPlan, plan_arena
from cfu.model.schema import TYPE_NAMES

ARENA_TYPES = ("int8", "int16", "int32")
#: Types TFLite Micro has no element size for (checked with the tflite-micro package).
UNSIZED_TYPES = ("string", "variant", "int2", "uint4")
ZERO_POINT_RANGES = {"int8": (-128, 127), "uint8": (0, 255), "int16": (-32768, 32767), "int32": (-2**31, 2**31 - 1)}


@dataclass(frozen=True)
class ImportedModel:
    """A prepared model, ready to be emitted as C.

    Attributes
    ----------
    layers : one `LayerCode` per operator, or None for a layer left out
        (only with ``allow_unsupported``, for tests).
    """

    name: str
    graph: Graph
    layers: tuple[LayerCode | None, ...]
    unit: CodeUnit
    plan: ArenaPlan

    @property
    def arena_bytes(self) -> int:
        return self.plan.size

    @property
    def weights_bytes(self) -> int:
        """Bytes of constant data (weights, biases, multipliers) in the generated C."""
        return self.unit.const_bytes

    @property
    def macs(self) -> int:
        return sum(layer.macs for layer in self.layers if layer is not None)


def import_model(source: str | Path | bytes, *, name: str | None = None,
                 arena_budget: int | None = None, weights_budget: int | None = None,
                 allow_unsupported: bool = False) -> ImportedModel:
    """Import a model from a path or bytes; user mistakes raise `CfuError`."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            buf = path.read_bytes()
        except OSError as e:
            raise CfuError(f"cannot read model {path}: {e.strerror}") from None
        name = name or path.stem
    else:
        buf = bytes(source)
    name = re.sub(r"\W", "_", name or "model")
    graph = parse_model(buf)
    _validate_graph(graph)
    ops = registry()
    unit = CodeUnit()
    layers = []
    for op in graph.operators:
        if allow_unsupported and op.name not in ops:
            layers.append(None)
            continue
        layers.append(prepare_operator(op, unit, ops))
    model = ImportedModel(name, graph, tuple(layers), unit, plan_arena(graph))
    _check_budget("tensor arena", model.arena_bytes, arena_budget)
    _check_budget("constant data (weights)", model.weights_bytes, weights_budget)
    return model


def _validate_graph(graph: Graph) -> None:
    if not graph.operators:
        raise CfuError("the model has no operators")
    for t in graph.tensors:
        # TFLite Micro refuses to allocate a tensor of a type it has no size for, used or not.
        if t.dtype not in TYPE_NAMES.values():
            raise CfuError(f"malformed .tflite file: tensor {t.index} ('{t.name}') has the unknown type code "
                           f"{t.dtype[len('type'):]}")
        if t.dtype in UNSIZED_TYPES:
            raise CfuError(f"malformed .tflite file: tensor {t.index} ('{t.name}') has type {t.dtype}, "
                           "which TFLite Micro cannot hold")
        low, high = ZERO_POINT_RANGES.get(t.dtype, (-2**63, 2**63 - 1))
        for z in t.zero_points:
            if not low <= z <= high:
                raise CfuError(f"tensor {t.index} ('{t.name}') has zero point {z}, outside the {t.dtype} "
                               f"range [{low}, {high}]")
    _check_dataflow(graph)
    for t in (*graph.inputs, *graph.outputs):
        if t.is_constant:
            raise CfuError(f"model input/output tensor '{t.name}' is a constant")
    for op in graph.operators:
        for t in (*op.inputs, *op.outputs):
            if t is not None and not t.is_constant and t.dtype not in ARENA_TYPES:
                raise CfuError(f"layer {op.index} ({op.name}): tensor '{t.name}' has type "
                               f"{t.dtype}; supported activation types: {', '.join(ARENA_TYPES)} "
                               "(use a fully int8-quantized model)")
            if t is not None and not t.is_constant and t.size == 0:
                raise CfuError(f"layer {op.index} ({op.name}): tensor '{t.name}' has shape "
                               f"{list(t.shape)} with no elements; not supported")
            if t is not None and len(t.shape) > 4:
                raise CfuError(f"layer {op.index} ({op.name}): tensor '{t.name}' has rank "
                               f"{len(t.shape)}; at most 4 is supported")
        for t in op.outputs:
            if t.is_constant:
                raise CfuError(f"layer {op.index} ({op.name}): output '{t.name}' is a constant")


def _check_dataflow(graph: Graph) -> None:
    """Every layer reads tensors that hold values by then, and writes tensors nothing else writes."""
    written = {t.index: "it is a model input" for t in graph.inputs}
    for op in graph.operators:
        for t in op.inputs:
            if t is not None and not t.is_constant and t.index not in written:
                raise CfuError(f"layer {op.index} ({op.name}): input tensor '{t.name}' (tensor {t.index}) is "
                               "never written before: it is no model input, constant or earlier layer's output")
        for t in op.outputs:
            if t.index in written:
                raise CfuError(f"layer {op.index} ({op.name}): output tensor '{t.name}' (tensor {t.index}) is "
                               f"written twice ({written[t.index]})")
            written[t.index] = f"layer {op.index} ({op.name}) writes it"
    for t in graph.outputs:
        if t.index not in written:
            raise CfuError(f"model input/output tensor '{t.name}' (tensor {t.index}): no layer writes it")


def _check_budget(what: str, needed: int, available: int | None) -> None:
    if available is not None and needed > available:
        raise CfuError(f"the model's {what} needs {needed} bytes but only {available} are "
                       f"available ({needed - available} too many); use a smaller model or a "
                       "target with more memory")
