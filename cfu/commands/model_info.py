"""``cfu model-info``: what a `.tflite` model holds and whether it runs here, before any build.

Prints every layer (operator, input and output shapes and types, MACs, supported or the problem),
the model's inputs and outputs with their quantization, the weight and arena bytes, and one message
listing every problem. Exits 0 when every layer is supported, 1 otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import CfuError
from ..model.graph import Tensor, parse_model
from ..model.importer import validate_graph, prepare_layers, problems_error
from ..model.ops.base import CodeUnit
from ..model.ops import registry
from ..model.planner import plan_arena


def register(subparsers) -> None:
    parser = subparsers.add_parser("model-info", help="describe a .tflite model and check its operators")
    parser.add_argument("model", type=Path, help="the .tflite file")
    parser.set_defaults(func=run)


def tensor_text(t: Tensor) -> str:
    """`1x8x8x3 int8` (`const` for weights), `scalar` for rank 0."""
    shape = "x".join(map(str, t.shape)) if t.shape else "scalar"
    return f"{shape} {t.dtype}" + (" const" if t.is_constant else "")


def quantization_text(t: Tensor) -> str:
    if not t.scales:
        return "not quantized"
    if len(t.scales) > 1:
        return f"{len(t.scales)} scales along dimension {t.quantized_dimension}"
    return f"scale {t.scale:.9g}, zero point {t.zero_point}"


def describe(path: Path) -> tuple[list[str], bool]:
    """The report's lines and whether every layer is supported."""
    try:
        buf = path.read_bytes()
    except OSError as e:
        raise CfuError(f"cannot read model {path}: {e.strerror}") from None
    graph = parse_model(buf)
    validate_graph(graph)
    unit = CodeUnit()
    layers, problems = prepare_layers(graph, unit)
    problem_of = {p.op.index: p.message for p in problems}
    weights = sum(t.nbytes for t in graph.tensors if t.is_constant)
    lines = [f"model: {path.name} ({len(buf):,} bytes), {len(graph.operators)} layers, "
             f"{len(graph.tensors)} tensors"]
    for kind, tensors in (("input", graph.inputs), ("output", graph.outputs)):
        lines += [f"{kind} {i}: '{t.name}' {tensor_text(t)}, {quantization_text(t)}"
                  for i, t in enumerate(tensors)]
    lines.append(f"{'#':>4} {'operator':<24} {'MACs':>12}  inputs -> outputs")
    for op, layer in zip(graph.operators, layers):
        ins = ", ".join(tensor_text(t) for t in op.inputs if t is not None)
        outs = ", ".join(tensor_text(t) for t in op.outputs)
        macs = f"{layer.macs:,}" if layer is not None else "?"
        status = "" if layer is not None else "   NOT SUPPORTED: " + problem_of[op.index].split(": ", 1)[1]
        lines.append(f"{op.index:>4} {op.name:<24} {macs:>12}  {ins} -> {outs}{status}")
    known = sum(layer.macs for layer in layers if layer is not None)
    lines.append(f"MACs: {known:,}" + (" (unsupported layers not counted)" if problems else ""))
    lines.append(f"weights: {weights:,} bytes of constant tensors"
                 + (f" ({unit.const_bytes:,} bytes of C data with multipliers and shifts)" if not problems else ""))
    lines.append(f"tensor arena: {plan_arena(graph).size:,} bytes")
    if problems:
        lines.append(f"supported: no\n{problems_error(problems)}")
        lines.append(f"supported operators: {', '.join(sorted(registry()))}")
    else:
        lines.append("supported: yes, every layer")
    return lines, not problems


def run(args: argparse.Namespace) -> int:
    lines, supported = describe(args.model)
    print("\n".join(lines))
    return 0 if supported else 1
