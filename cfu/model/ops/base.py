"""What an operator module gets and returns (see docs/models.md, "An operator module").

An operator module in `cfu/model/ops/` defines::

    OPERATOR = "CONV_2D"                      # TFLite builtin name
    def prepare(ctx: OpContext) -> LayerCode:  # validate, precompute, emit the C call

`prepare` does what TFLite Micro's Prepare does (checks, multipliers, padding,
activation range) and returns the C statement that calls the kernel. The
`OpContext` helpers declare the C data the call needs and return C expressions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cfu.errors import CfuError
from cfu.model.graph import Operator, Tensor

_C_TYPES = {"int8": "int8_t", "int16": "int16_t", "int32": "int32_t", "int64": "int64_t", "uint8": "uint8_t"}
_C_SIZES = {"int8_t": 1, "uint8_t": 1, "int16_t": 2, "uint16_t": 2, "int32_t": 4, "int64_t": 8}


@dataclass(frozen=True)
class LayerCode:
    """One layer's C code: the kernel header to include and the statement calling it."""

    header: str           # e.g. "kernels/conv_2d.h"
    call: str             # C statement(s); `arena` (uint8_t*) is in scope
    macs: int = 0         # multiply-accumulates of one invocation
    source: str | None = None  # the kernel's C file when not the header's (e.g. "kernels/conv_2d_int16.c")

    @property
    def kernel_source(self) -> str:
        """The C file defining the called kernel, relative to `firmware/`."""
        return self.source or self.header[:-2] + ".c"


@dataclass
class CodeUnit:
    """The declarations of a generated model_data.c, shared by all layers (deduplicated)."""

    declarations: list[str] = field(default_factory=list)
    const_bytes: int = 0      # bytes of constant arrays (weights, biases, multipliers)
    _names: set[str] = field(default_factory=set)

    def declare(self, name: str, text: str) -> str:
        if name not in self._names:
            self._names.add(name)
            self.declarations.append(text)
        return name

    def declare_array(self, name: str, ctype: str, values: np.ndarray) -> str:
        if name not in self._names:
            self.const_bytes += values.size * _C_SIZES[ctype]
            self.declare(name, c_array(ctype, name, values))
        return name


#: The section of the model's constant arrays: the firmware's linker script puts it in the board's weights region.
WEIGHTS_SECTION = ".model_weights"


def c_array(ctype: str, name: str, values: np.ndarray) -> str:
    """A `static const` C array definition, word-aligned, in the weights section."""
    body = ",".join(map(str, values.reshape(-1).tolist()))
    return (f'static const {ctype} {name}[] __attribute__((aligned(4), section("{WEIGHTS_SECTION}.{name}"))) '
            f"= {{{body}}};")


def dims4(shape: Sequence[int]) -> tuple[int, int, int, int]:
    """A shape right-aligned into NHWC (RuntimeShape::ExtendedShape(4, ...))."""
    if len(shape) > 4:
        raise ValueError(f"rank {len(shape)} > 4")
    return tuple([1] * (4 - len(shape)) + [int(d) for d in shape])  # type: ignore[return-value]


class OpContext:
    """The operator being prepared, with checks that fail as `CfuError` and C-emission helpers.

    Parameters
    ----------
    op : Operator
        The parsed operator (tensors, options).
    unit : CodeUnit
        Where declarations go.
    """

    def __init__(self, op: Operator, unit: CodeUnit):
        self.op = op
        self.unit = unit

    # -- the operator ----------------------------------------------------
    @property
    def index(self) -> int:
        return self.op.index

    @property
    def options(self) -> Any:
        return self.op.options

    def error(self, message: str) -> CfuError:
        """A `CfuError` naming this operator and layer."""
        return CfuError(f"layer {self.index} ({self.op.name}): {message}")

    def input(self, i: int) -> Tensor:
        if i >= len(self.op.inputs) or self.op.inputs[i] is None:
            raise self.error(f"input {i} is missing (the operator has {len(self.op.inputs)} inputs)")
        return self.op.inputs[i]  # type: ignore[return-value]

    def optional_input(self, i: int) -> Tensor | None:
        return self.op.inputs[i] if i < len(self.op.inputs) else None

    def output(self, i: int = 0) -> Tensor:
        if i >= len(self.op.outputs):
            raise self.error(f"output {i} is missing (the operator has {len(self.op.outputs)} outputs)")
        return self.op.outputs[i]

    def require_options(self, kind: type) -> Any:
        if not isinstance(self.options, kind):
            raise self.error(f"missing or wrong builtin options (expected {kind.__name__[:-1]})")
        return self.options

    def require_type(self, tensor: Tensor, role: str, allowed: Sequence[str]) -> None:
        if tensor.dtype not in allowed:
            raise self.error(f"{role} tensor '{tensor.name}' has type {tensor.dtype}; "
                             f"supported: {', '.join(allowed)}")

    def require_constant(self, tensor: Tensor, role: str) -> np.ndarray:
        if tensor.data is None:
            raise self.error(f"{role} tensor '{tensor.name}' must be a constant")
        return tensor.data

    def require_rank(self, tensor: Tensor, role: str, ranks: Sequence[int]) -> None:
        if len(tensor.shape) not in ranks:
            raise self.error(f"{role} tensor '{tensor.name}' has shape {list(tensor.shape)}; "
                             f"expected rank {' or '.join(map(str, ranks))}")

    def require_quantized(self, tensor: Tensor, role: str, channels: int | None = None,
                          channel_axis: int = 0) -> None:
        """The tensor has finite positive scales (one, or `channels` along `channel_axis` when given and >1)
        and as many zero points (their range is checked for every tensor on import)."""
        n = len(tensor.scales)
        if n == 0 or len(tensor.zero_points) != n:
            raise self.error(f"{role} tensor '{tensor.name}' has no (or inconsistent) quantization "
                             "parameters; give a fully int8-quantized model")
        if n > 1 and n != channels:
            raise self.error(f"{role} tensor '{tensor.name}' has {n} scales, expected 1 or {channels}")
        if n > 1 and tensor.quantized_dimension != channel_axis:
            raise self.error(f"{role} tensor '{tensor.name}' is quantized per channel along dimension "
                             f"{tensor.quantized_dimension}; this operator's channels are dimension {channel_axis}")
        if any(not 0 < s < math.inf for s in tensor.scales):
            raise self.error(f"{role} tensor '{tensor.name}' has scale "
                             f"{next(s for s in tensor.scales if not 0 < s < math.inf)}; scales must be positive "
                             "and finite")

    # -- C emission ------------------------------------------------------
    def name(self, suffix: str) -> str:
        """A C identifier local to this layer."""
        return f"l{self.index}_{suffix}"

    def ptr(self, tensor: Tensor | None, ctype: str | None = None) -> str:
        """C expression of a tensor's data: a constant array, or its place in the arena."""
        if tensor is None:
            return "0"
        ctype = ctype or _C_TYPES.get(tensor.dtype)
        if ctype is None:
            raise self.error(f"tensor '{tensor.name}' of type {tensor.dtype} cannot be emitted")
        if tensor.data is None:
            return f"(({ctype}*)(arena + T{tensor.index}_OFFSET))"
        return self.unit.declare_array(f"t{tensor.index}_data", ctype, tensor.data)

    def array(self, suffix: str, ctype: str, values: Iterable[int]) -> str:
        """Declare a constant array for this layer (e.g. multipliers); returns its name."""
        return self.unit.declare_array(self.name(suffix), ctype, np.asarray(list(values), np.int64))

    def dims(self, tensor: Tensor | Sequence[int]) -> str:
        """Pointer to a `struct Dims4` of the tensor's (NHWC-extended) shape."""
        shape = tensor.shape if isinstance(tensor, Tensor) else tuple(tensor)
        if len(shape) > 4:
            raise self.error(f"shape {list(shape)} has rank > 4, not supported")
        d = dims4(shape)
        name = "dims_" + "_".join(map(str, d))
        self.unit.declare(name, f"static const struct Dims4 {name} = {{{', '.join(map(str, d))}}};")
        return "&" + name

    def params(self, ctype: str, fields: dict[str, int]) -> str:
        """Declare this layer's `static const struct <ctype>`; returns a pointer expression."""
        name = self.name("params")
        body = ", ".join(f".{k} = {int(v)}" for k, v in fields.items())
        self.unit.declare(name, f"static const struct {ctype} {name} = {{{body}}};")
        return "&" + name
