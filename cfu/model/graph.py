"""Parse a `.tflite` flatbuffer into a small graph: tensors, operators, inputs, outputs.

Only what the importer needs is read, through the generated schema accessors. Every
vector length is checked against the file size before it is walked, and any failure
of the accessors (a malformed or truncated file) becomes a `CfuError`.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cfu.errors import CfuError
from cfu.model.schema import BUILTIN_NAMES, TYPE_NAMES, schema

_NUMPY_TYPES = {
    "int8": np.int8, "uint8": np.uint8, "int16": np.int16, "int32": np.int32,
    "int64": np.int64, "float32": np.float32, "bool": np.bool_,
}


@dataclass(frozen=True, eq=False)
class Tensor:
    """One tensor of the subgraph; `data` holds a constant's values, else None. A variable tensor (an SVDF or
    LSTM state) keeps its values from one invocation to the next."""

    index: int
    name: str
    dtype: str
    shape: tuple[int, ...]
    scales: tuple[float, ...] = ()
    zero_points: tuple[int, ...] = ()
    quantized_dimension: int = 0
    data: np.ndarray | None = field(default=None, repr=False)
    is_variable: bool = False

    @property
    def is_constant(self) -> bool:
        return self.data is not None

    @property
    def size(self) -> int:
        """Number of elements."""
        return math.prod(self.shape)

    @property
    def nbytes(self) -> int:
        return self.size * np.dtype(_NUMPY_TYPES.get(self.dtype, np.uint8)).itemsize

    @property
    def scale(self) -> float:
        """The per-tensor scale (the first one when per-channel)."""
        return self.scales[0] if self.scales else 0.0

    @property
    def zero_point(self) -> int:
        return self.zero_points[0] if self.zero_points else 0


@dataclass(frozen=True, eq=False)
class Operator:
    """One operator invocation; `options` is the schema's options object (or None)."""

    index: int
    name: str
    inputs: tuple[Tensor | None, ...]
    outputs: tuple[Tensor, ...]
    options: Any = None


@dataclass(frozen=True, eq=False)
class Graph:
    """The single subgraph of a model."""

    tensors: tuple[Tensor, ...]
    operators: tuple[Operator, ...]
    inputs: tuple[Tensor, ...]
    outputs: tuple[Tensor, ...]
    description: str = ""


MAX_NAME = 160  # characters of a tensor name kept (converter names join every op folded in; messages stay short)
_ACCESSOR_FAILURES = (IndexError, ValueError, TypeError, KeyError, OverflowError, AttributeError,
                      UnicodeDecodeError, struct.error, RecursionError, MemoryError)


def readable(text: str) -> str:
    """``text`` with control and other unprintable characters escaped (``\\x07``), safe in a message."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def parse_model(buf: bytes) -> Graph:
    """Parse a `.tflite` flatbuffer; raise `CfuError` when it is not a valid one."""
    if len(buf) < 8 or not schema.Model.ModelBufferHasIdentifier(buf, 0):
        raise CfuError(
            "not a TFLite model: the file is too short or lacks the 'TFL3' identifier; "
            "give a .tflite flatbuffer produced by the TFLite converter")
    reader = _Reader(bytes(buf))
    try:
        graph = reader.graph()
        # The tables the toolkit does not use (metadata, signatures, ...) must be whole too: TFLite Micro reads some.
        reader.reading = "the model's other tables (metadata, signatures, operator extras)"
        schema.ModelT.InitFromPackedBuf(reader.buf, 0)
        return graph
    except CfuError:
        raise
    except _ACCESSOR_FAILURES:
        # The flatbuffers accessors fail on offsets and lengths that point outside the file.
        raise CfuError(f"malformed .tflite file: {reader.reading} points outside the {len(buf)}-byte file "
                       "or holds an impossible value; the file is truncated or corrupted, re-export the model"
                       ) from None


class _Reader:
    """Walks the flatbuffer with bounds checks on every vector length."""

    def __init__(self, buf: bytes):
        self.buf = buf
        self.reading = "the model's root table"  # what is being read, for the message when it fails
        self.model: Any = None

    def _length(self, n: int, what: str, elem: int = 4) -> int:
        if n < 0 or n * elem > len(self.buf):
            raise CfuError(f"malformed .tflite file: {what} claims {n} entries, "
                           f"more than a {len(self.buf)}-byte file can hold")
        return n

    def graph(self) -> Graph:
        m = self.model = schema.Model.GetRootAs(self.buf, 0)
        self.reading = "the list of subgraphs"
        n_sub = self._length(m.SubgraphsLength(), "subgraphs")
        if n_sub != 1:
            raise CfuError(f"the model has {n_sub} subgraphs; only single-subgraph models "
                           "are supported (no control flow operators)")
        sub = m.Subgraphs(0)
        ops_names = self._opcodes()
        tensors = tuple(self._tensor(sub.Tensors(i), i)
                        for i in range(self._length(sub.TensorsLength(), "tensors")))

        def tensor(i: int, what: str) -> Tensor:
            if not 0 <= i < len(tensors):
                raise CfuError(f"malformed .tflite file: {what} refers to tensor {i}, "
                               f"but the model has {len(tensors)} tensors")
            return tensors[i]

        operators = []
        for k in range(self._length(sub.OperatorsLength(), "operators")):
            self.reading = f"operator {k}"
            op = sub.Operators(k)
            code = op.OpcodeIndex()
            if code >= len(ops_names):
                raise CfuError(f"malformed .tflite file: operator {k} uses opcode {code}, "
                               f"but the model declares {len(ops_names)} opcodes")
            where = f"operator {k} ({ops_names[code]})"
            self.reading = where
            ins = tuple(None if i < 0 else tensor(i, where)
                        for i in self._ints(op.InputsAsNumpy(), op.InputsLength(), where))
            outs = tuple(tensor(i, where)
                         for i in self._ints(op.OutputsAsNumpy(), op.OutputsLength(), where))
            self.reading = f"the options of {where}"
            options = schema.BuiltinOptionsCreator(op.BuiltinOptionsType(), op.BuiltinOptions())
            operators.append(Operator(k, ops_names[code], ins, outs, options))
        self.reading = "the subgraph's inputs and outputs"
        inputs = tuple(tensor(i, "subgraph inputs")
                       for i in self._ints(sub.InputsAsNumpy(), sub.InputsLength(), "inputs"))
        outputs = tuple(tensor(i, "subgraph outputs")
                        for i in self._ints(sub.OutputsAsNumpy(), sub.OutputsLength(), "outputs"))
        self.reading = "the model description"
        desc = m.Description()
        return Graph(tensors, tuple(operators), inputs, outputs,
                     desc.decode("utf-8", "replace") if desc else "")

    def _ints(self, arr: Any, n: int, what: str) -> list[int]:
        self._length(n, what)
        return [] if isinstance(arr, int) else [int(x) for x in arr]

    def _opcodes(self) -> list[str]:
        names = []
        for i in range(self._length(self.model.OperatorCodesLength(), "operator codes")):
            self.reading = f"operator code {i}"
            oc = self.model.OperatorCodes(i)
            # Old files store the code in the int8 deprecated field only.
            code = max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())
            if code == schema.BuiltinOperator.CUSTOM:
                names.append(f"CUSTOM:{(oc.CustomCode() or b'').decode('utf-8', 'replace')}")
            else:
                names.append(BUILTIN_NAMES.get(code, f"BUILTIN_{code}"))
        return names

    def _tensor(self, t: Any, index: int) -> Tensor:
        what = f"tensor {index}"
        self.reading = what
        shape = tuple(self._ints(t.ShapeAsNumpy(), t.ShapeLength(), what))
        if any(d < 0 for d in shape):
            shown = f"{list(shape)}" if len(shape) <= 8 else f"[{', '.join(map(str, shape[:8]))}, ...] (rank {len(shape)})"
            raise CfuError(f"malformed or dynamic .tflite: {what} has shape {shown}; "
                           "only static shapes are supported")
        dtype = TYPE_NAMES.get(t.Type(), f"type{t.Type()}")
        name = readable((t.Name() or b"").decode("utf-8", "replace"))
        name = name if len(name) <= MAX_NAME else name[:MAX_NAME - 3] + "..."
        scales: tuple[float, ...] = ()
        zero_points: tuple[int, ...] = ()
        qdim = 0
        self.reading = f"the quantization of {what}"
        q = t.Quantization()
        if q is not None:
            self._length(q.ScaleLength(), what)
            self._length(q.ZeroPointLength(), what, 8)
            s, z = q.ScaleAsNumpy(), q.ZeroPointAsNumpy()
            scales = () if isinstance(s, int) else tuple(float(x) for x in s)
            zero_points = () if isinstance(z, int) else tuple(int(x) for x in z)
            qdim = q.QuantizedDimension()
        return Tensor(index, name, dtype, shape, scales, zero_points, qdim,
                      self._data(t.Buffer(), dtype, shape, what), bool(t.IsVariable()))

    def _data(self, buffer_index: int, dtype: str, shape: tuple[int, ...],
              what: str) -> np.ndarray | None:
        if buffer_index == 0:
            return None
        if buffer_index >= self._length(self.model.BuffersLength(), "buffers"):
            raise CfuError(f"malformed .tflite file: {what} uses buffer {buffer_index}, "
                           f"but the model has {self.model.BuffersLength()} buffers")
        self.reading = f"buffer {buffer_index} (the data of {what})"
        b = self.model.Buffers(buffer_index)
        if b.Offset() > 1:  # large models keep buffers after the flatbuffer
            start, size = b.Offset(), b.Size()
            if start + size > len(self.buf):
                raise CfuError(f"malformed .tflite file: {what}'s data lies past the end of the file")
            raw = np.frombuffer(self.buf, np.uint8, size, start)
        else:
            self._length(b.DataLength(), what, 1)
            raw = b.DataAsNumpy()
            if isinstance(raw, int):
                return None
        if dtype not in _NUMPY_TYPES:
            return raw.copy()
        npt = np.dtype(_NUMPY_TYPES[dtype]).newbyteorder("<")
        count = math.prod(shape)
        if raw.size != count * npt.itemsize:
            raise CfuError(f"malformed .tflite file: {what} holds {raw.size} bytes, its shape "
                           f"{list(shape)} of {dtype} needs {count * npt.itemsize}")
        return raw.view(npt).astype(npt.newbyteorder("="), copy=True).reshape(shape)
