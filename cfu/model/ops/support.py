"""Prepare-time helpers of the pooling, elementwise, softmax/logistic and (de)quantize ops.

Written from TFLite's documented Prepare semantics; each helper names its TFLite original.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from cfu.model.graph import Tensor
from cfu.model.ops.base import OpContext, dims4


def calculate_input_radius(input_integer_bits: int, input_left_shift: int,
                           total_signed_bits: int = 31) -> int:
    """TFLite's CalculateInputRadius: the largest |input| whose rescaled value still fits."""
    max_rescaled = (((1 << input_integer_bits) - 1)
                    * (1 << (total_signed_bits - input_integer_bits)) / (1 << input_left_shift))
    return math.floor(max_rescaled)


def c_float(value: float) -> str:
    """An exact C literal of a float32 value (hexadecimal, so no decimal rounding)."""
    v = float(np.float32(value))
    if not math.isfinite(v):
        raise ValueError(f"{value} is not a finite float32")
    return f"{v.hex()}f"


def declare_params(ctx: OpContext, ctype: str, fields: dict[str, int | float | str]) -> str:
    """Like `ctx.params`, but fields may be float32 (float) or C initializers (str)."""
    name = ctx.name("params")

    def literal(v: int | float | str) -> str:
        if isinstance(v, str):
            return v
        return c_float(v) if isinstance(v, float) else str(int(v))

    body = ", ".join(f".{k} = {literal(v)}" for k, v in fields.items())
    ctx.unit.declare(name, f"static const struct {ctype} {name} = {{{body}}};")
    return "&" + name


def dims4_initializer(shape: Sequence[int]) -> str:
    """A `struct Dims4` initializer of a shape (right-aligned NHWC)."""
    return "{" + ", ".join(map(str, dims4(shape))) + "}"


def require_same_quantization(ctx: OpContext, input: Tensor, output: Tensor) -> None:
    """Ops that copy raw int8 values need input and output quantized alike (TFLite's check)."""
    if (abs(float(np.float32(input.scale)) - float(np.float32(output.scale))) > 1e-6
            or input.zero_point != output.zero_point):
        raise ctx.error(f"input (scale {input.scale}, zero point {input.zero_point}) and output "
                        f"(scale {output.scale}, zero point {output.zero_point}) must share "
                        "one quantization")


#: The C name suffix of an activation type's kernel variant (`Add`, `AddInt16`, ...).
KERNEL_SUFFIX = {"int8": "", "int16": "Int16"}


def require_int8_activations(ctx: OpContext, *tensors: tuple[str, Tensor]) -> None:
    """Each (role, tensor) is a per-tensor quantized int8 tensor."""
    require_activations(ctx, ["int8"], *tensors)


def require_activations(ctx: OpContext, types: Sequence[str], *tensors: tuple[str, Tensor]) -> str:
    """Each (role, tensor) is a per-tensor quantized tensor of one of `types`, all of one type; returns it
    (int16 activations are symmetric: the importer refuses others first)."""
    for role, t in tensors:
        ctx.require_type(t, role, types)
        ctx.require_quantized(t, role)
    (first_role, first), *rest = tensors
    for role, t in rest:
        if t.dtype != first.dtype:
            raise ctx.error(f"{role} tensor '{t.name}' has type {t.dtype} but {first_role} tensor "
                            f"'{first.name}' has {first.dtype}; they must have one type")
    return first.dtype


def require_broadcast_output(ctx: OpContext, a: Sequence[int], b: Sequence[int], output: Sequence[int]) -> None:
    """``output`` must be the broadcast of shapes ``a`` and ``b`` (rank <= 4), else a `CfuError`."""
    expected = broadcast_shape(ctx, a, b)
    if tuple(output) != expected:
        raise ctx.error(f"output shape {list(output)} is not the broadcast of {list(a)} and {list(b)}, "
                        f"{list(expected)}")


def broadcast_shape(ctx: OpContext, a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    """NumPy/TFLite broadcasting of two shapes (rank <= 4), or a `CfuError`."""
    rank = max(len(a), len(b))
    if rank > 4:
        raise ctx.error(f"operands of rank {rank}: at most 4 dimensions are supported")
    a4, b4 = dims4(a), dims4(b)
    out = []
    for x, y in zip(a4, b4):
        if x != y and 1 not in (x, y):
            raise ctx.error(f"input shapes {list(a)} and {list(b)} do not broadcast")
        out.append(max(x, y) if 0 not in (x, y) else 0)
    return tuple(out[4 - rank:])
