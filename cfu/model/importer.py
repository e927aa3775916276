"""Import a `.tflite` model: parse, validate and prepare every operator, plan the arena, check budgets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cfu.errors import CfuError
from cfu.model.graph import Graph, Operator, parse_model
from cfu.model.ops import UNSUPPORTED, prepare_operator, registry
from cfu.model.ops.base import CodeUnit, LayerCode
from cfu.model.planner import ArenaPlan, plan_arena
from cfu.model.quant import INTEGER_RANGES
from cfu.model.schema import TYPE_NAMES

#: float32 holds a float model interface: the converter's QUANTIZE in, DEQUANTIZE out.
ARENA_TYPES = ("int8", "int16", "int32", "float32")
#: Types TFLite Micro has no element size for (checked with the tflite-micro package).
UNSIZED_TYPES = ("string", "variant", "int2", "uint4")


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
    validate_graph(graph)
    unit = CodeUnit()
    layers, problems = prepare_layers(graph, unit, allow_unsupported)
    if problems:
        raise problems_error(problems)
    model = ImportedModel(name, graph, tuple(layers), unit, plan_arena(graph))
    _check_budget("tensor arena", model.arena_bytes, arena_budget)
    _check_budget("constant data (weights)", model.weights_bytes, weights_budget)
    return model


def validate_graph(graph: Graph) -> None:
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
        low, high = INTEGER_RANGES.get(t.dtype, (-2**63, 2**63 - 1))
        for z in t.zero_points:
            if not low <= z <= high:
                raise CfuError(f"tensor {t.index} ('{t.name}') has zero point {z}, outside the {t.dtype} "
                               f"range [{low}, {high}]")
    _check_variables(graph)
    _check_dataflow(graph)
    for t in (*graph.inputs, *graph.outputs):
        if t.is_constant:
            raise CfuError(f"model input/output tensor '{t.name}' is a constant")
    for op in graph.operators:
        for t in op.outputs:
            if t.is_constant:
                raise CfuError(f"layer {op.index} ({op.name}): output '{t.name}' is a constant")


@dataclass(frozen=True)
class LayerProblem:
    """Why one layer cannot be prepared; `unsupported` when its operator has no kernel here at all."""

    op: Operator
    message: str

    @property
    def unsupported(self) -> bool:
        return self.message.endswith(UNSUPPORTED)


def prepare_layers(graph: Graph, unit: CodeUnit,
                   allow_unsupported: bool = False) -> tuple[list[LayerCode | None], list[LayerProblem]]:
    """Prepare every layer; returns the layers (None where a layer has a problem or, with
    `allow_unsupported`, no kernel) and every layer's problem, so that all are reported at once."""
    ops = registry()
    layers: list[LayerCode | None] = []
    problems: list[LayerProblem] = []
    for op in graph.operators:
        layer = None
        problem = _tensor_problem(op)
        if problem is None and not (allow_unsupported and op.name not in ops):
            try:
                layer = prepare_operator(op, unit, ops)
            except CfuError as e:
                problem = str(e)
        if problem is not None:
            problems.append(LayerProblem(op, problem))
        layers.append(layer)
    return layers, problems


def problems_error(problems: list[LayerProblem]) -> CfuError:
    """One `CfuError` listing every layer's problem, and where the supported operators are listed when one is
    missing (the list itself is long: `cfu model-info` prints it)."""
    missing = sorted({p.op.name for p in problems if p.unsupported})
    supported = (f"{len(registry())} operators are supported: `cfu model-info MODEL` lists them, "
                 "docs/models.md describes them")
    if len(problems) == 1:
        return CfuError(f"{problems[0].message}; {supported}" if missing else problems[0].message)
    head = f"the model has {len(problems)} problems"
    if missing:
        head += f" (operators not supported: {', '.join(missing)})"
    lines = [head + ":", *(f"  {p.message}" for p in problems)]
    if missing:
        lines.append(supported)
    return CfuError("\n".join(lines))


def _tensor_problem(op: Operator) -> str | None:
    """A tensor type or shape of this layer that no kernel here handles, or None."""
    for t in (*op.inputs, *op.outputs):
        if t is not None and not t.is_constant and t.dtype not in ARENA_TYPES:
            return (f"layer {op.index} ({op.name}): tensor '{t.name}' has type {t.dtype}; supported "
                    f"activation types: {', '.join(ARENA_TYPES)} (use a fully int8-quantized model)")
        if t is not None and not t.is_constant and t.size == 0:
            return (f"layer {op.index} ({op.name}): tensor '{t.name}' has shape {list(t.shape)} with no "
                    "elements; not supported")
        if t is not None and not t.is_constant and t.dtype == "int16" and any(t.zero_points):
            return (f"layer {op.index} ({op.name}): tensor '{t.name}' is int16 with zero point "
                    f"{next(z for z in t.zero_points if z)}; int16 activations must be symmetric (zero point 0), "
                    "as TFLite Micro's 16x8 kernels require")
        if t is not None and len(t.shape) > 4:
            return f"layer {op.index} ({op.name}): tensor '{t.name}' has rank {len(t.shape)}; at most 4 is supported"
    return None


def _check_variables(graph: Graph) -> None:
    """Variable tensors (layer state) are arena tensors set at reset, never model inputs or constants."""
    inputs = {t.index for t in graph.inputs}
    for t in graph.tensors:
        if not t.is_variable:
            continue
        if t.is_constant:
            raise CfuError(f"tensor {t.index} ('{t.name}') is variable (layer state) but holds constant data; "
                           "TFLite Micro resets state to zero, re-export the model")
        if t.index in inputs:
            raise CfuError(f"tensor {t.index} ('{t.name}') is variable (layer state) and also a model input")


def _check_dataflow(graph: Graph) -> None:
    """Every layer reads tensors that hold values by then, and writes tensors nothing else writes."""
    written = {t.index: "it is a model input" for t in graph.inputs}
    written.update({t.index: "it is variable (layer state)" for t in graph.tensors if t.is_variable})
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
