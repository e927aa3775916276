"""Data-movement operators as strided copies (`firmware/kernels/strided_copy.h`).

An operator describes each copy as element counts and element strides of the input and the
output (any rank, any order); `strided_copy` folds in the element size, drops size-1
dimensions, merges dimensions contiguous on both sides and emits the `StridedCopy` call.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cfu.model.graph import Tensor
from cfu.model.ops.base import OpContext

HEADER = "kernels/strided_copy.h"
DIMS = 6  # STRIDED_COPY_DIMS


def dense_strides(shape: Sequence[int]) -> list[int]:
    """Element strides of a dense row-major array."""
    strides, step = [], 1
    for d in reversed(shape):
        strides.append(step)
        step *= int(d)
    return strides[::-1]


def normalize_axis(ctx: OpContext, axis: int, rank: int, role: str = "axis") -> int:
    """A possibly negative axis as an index in [0, rank)."""
    if not -rank <= axis < rank:
        raise ctx.error(f"{role} {axis} is out of range for rank {rank}")
    return axis % rank


def constant_ints(ctx: OpContext, tensor: Tensor, role: str) -> list[int]:
    """The values of a constant int32/int64 tensor."""
    ctx.require_type(tensor, role, ["int32", "int64"])
    return [int(v) for v in np.asarray(ctx.require_constant(tensor, role)).reshape(-1)]


def _merged(counts: list[int], ins: list[int], outs: list[int]) -> list[tuple[int, int, int]]:
    dims = [(c, i, o) for c, i, o in zip(counts, ins, outs) if c != 1]
    merged: list[tuple[int, int, int]] = []
    for c, i, o in dims:
        if merged and merged[-1][1] == c * i and merged[-1][2] == c * o:
            pc, _, _ = merged.pop()
            merged.append((pc * c, i, o))
        else:
            merged.append((c, i, o))
    return merged


def strided_copy(ctx: OpContext, suffix: str, counts: Sequence[int], input_strides: Sequence[int],
                 output_strides: Sequence[int], input: str, output: str, element_bytes: int,
                 input_offset: int = 0, output_offset: int = 0) -> str:
    """The C statement copying a block; strides and offsets are in elements, `input`/`output`
    are C pointer expressions."""
    b = element_bytes
    dims = _merged([*map(int, counts), b], [s * b for s in input_strides] + [1],
                   [s * b for s in output_strides] + [1])
    if any(c == 0 for c, _, _ in dims):
        return ""
    if len(dims) > DIMS:
        raise ctx.error(f"the copy needs {len(dims)} dimensions after merging; at most {DIMS} are supported")
    dims = [(1, 0, 0)] * (DIMS - len(dims)) + dims
    name = ctx.name(suffix)
    fields = ", ".join(f".{field} = {{{', '.join(str(d[k]) for d in dims)}}}"
                       for k, field in enumerate(("count", "input_stride", "output_stride")))
    ctx.unit.declare(name, f"static const struct StridedCopyParams {name} = {{{fields}}};")
    src = f"(const uint8_t*){input} + {input_offset * b}" if input_offset else input
    dst = f"(uint8_t*){output} + {output_offset * b}" if output_offset else output
    return f"StridedCopy(&{name}, {src}, {dst});"


def element_bytes(tensor: Tensor) -> int:
    return tensor.nbytes // tensor.size if tensor.size else 1


def require_same_type(ctx: OpContext, input: Tensor, output: Tensor, int16: bool = True) -> None:
    """Data movement keeps the values: one type (int8, int16 or int32) on both sides; `int16=False` for
    the operators whose TFLite Micro kernel refuses int16 tensors."""
    if not int16 and input.dtype == "int16":
        raise ctx.error(f"input tensor '{input.name}' has type int16; TFLite Micro's {ctx.op.name} "
                        "refuses int16 tensors")
    ctx.require_type(input, "input", ["int8", "int16", "int32"])
    ctx.require_type(output, "output", [input.dtype])


def require_shape(ctx: OpContext, output: Tensor, expected: Sequence[int]) -> None:
    if tuple(output.shape) != tuple(int(d) for d in expected):
        raise ctx.error(f"output shape {list(output.shape)} should be {[int(d) for d in expected]}")


def join(ctx: OpContext, pieces: Sequence[tuple[Tensor, Sequence[int]]], output: Tensor, axis: int) -> str:
    """Copies placing each (tensor, its shape in the output's rank) one after another along `axis`."""
    out_strides = dense_strides(output.shape)
    calls, position = [], 0
    for k, (t, shape) in enumerate(pieces):
        calls.append(strided_copy(ctx, f"copy{k}", shape, dense_strides(shape), out_strides, ctx.ptr(t),
                                  ctx.ptr(output), element_bytes(output),
                                  output_offset=position * out_strides[axis]))
        position += shape[axis]
    return "\n  ".join(c for c in calls if c)


def cut(ctx: OpContext, input: Tensor, pieces: Sequence[tuple[Tensor, Sequence[int]]], axis: int) -> str:
    """Copies taking each (tensor, its shape in the input's rank) one after another along `axis`."""
    in_strides = dense_strides(input.shape)
    calls, position = [], 0
    for k, (t, shape) in enumerate(pieces):
        calls.append(strided_copy(ctx, f"copy{k}", shape, in_strides, dense_strides(shape), ctx.ptr(input),
                                  ctx.ptr(t), element_bytes(input),
                                  input_offset=position * in_strides[axis]))
        position += shape[axis]
    return "\n  ".join(c for c in calls if c)
