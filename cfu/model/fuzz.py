"""Mutated models tried end to end: the importer names the problem, or the generated C agrees with TFLite Micro.

Seed models cover every supported operator. A mutant is a seed with its bytes damaged (truncated, bytes
overwritten, words replaced by extreme values, bytes inserted) or with one field of the model changed
(a scale, a zero point, a shape, a type, an option, a tensor index). Each mutant runs in a worker
process (:class:`MutantChecker`), so a crash or a hang of TFLite Micro or of a kernel is an outcome, not
the end of the run:

``rejected``      the importer raised a `CfuError` that names the problem (see :func:`names_the_problem`)
``agree``         imported, the host build of the generated C matches TFLite Micro on every layer
anything else     a defect: an unnamed rejection, TFLite Micro rejecting what the importer accepted,
                  a layer mismatch, a build failure, a crash or a hang (the outcome names the phase)
"""

from __future__ import annotations

import multiprocessing
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cfu.errors import CfuError
from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, options, pack_model

GOOD_OUTCOMES = ("rejected", "agree")
_ACT = schema.ActivationFunctionType


# -- seed models ------------------------------------------------------------------------------------

def conv_reshape_model() -> bytes:
    """CONV_2D (per-channel, RELU) then RESHAPE."""
    rng = np.random.default_rng(0)
    b = ModelBuilder()
    x = b.tensor((1, 4, 4, 2), scale=0.05, zero_point=3)
    f = b.tensor((3, 2, 2, 2), scale=[0.01, 0.02, 0.03], zero_point=[0, 0, 0],
                 data=rng.integers(-127, 128, (3, 2, 2, 2), dtype=np.int8))
    bias = b.tensor((3,), "int32", [0.0005, 0.001, 0.0015], [0, 0, 0], data=np.array([1, 2, 3], np.int32))
    y = b.tensor((1, 4, 4, 3), scale=0.1, zero_point=-2)
    b.operator("CONV_2D", [x, f, bias], [y], options(
        "Conv2DOptions", strideW=1, strideH=1, dilationWFactor=1, dilationHFactor=1,
        fusedActivationFunction=_ACT.RELU))
    shape = b.tensor((2,), "int32", data=np.array([1, 48], np.int32))
    r = b.tensor((1, 48), scale=0.1, zero_point=-2)
    b.operator("RESHAPE", [y, shape], [r], options("ReshapeOptions", newShape=[1, 48]))
    return b.build([x], [r])


def classifier_model() -> bytes:
    """DEPTHWISE_CONV_2D, AVERAGE_POOL_2D, FULLY_CONNECTED (per-tensor, with bias), SOFTMAX."""
    rng = np.random.default_rng(1)
    b = ModelBuilder()
    x = b.tensor((1, 5, 5, 2), scale=0.04, zero_point=-5)
    f = b.tensor((1, 3, 3, 4), scale=[0.02, 0.01, 0.03, 0.02], zero_point=[0] * 4, quantized_dimension=3,
                 data=rng.integers(-127, 128, (1, 3, 3, 4), dtype=np.int8))
    bias = b.tensor((4,), "int32", [0.0008, 0.0004, 0.0012, 0.0008], [0] * 4,
                    data=rng.integers(-300, 300, 4, dtype=np.int32))
    d = b.tensor((1, 3, 3, 4), scale=0.08, zero_point=1)
    b.operator("DEPTHWISE_CONV_2D", [x, f, bias], [d], options(
        "DepthwiseConv2DOptions", padding=schema.Padding.VALID, strideW=1, strideH=1, depthMultiplier=2,
        dilationWFactor=1, dilationHFactor=1, fusedActivationFunction=_ACT.RELU6))
    p = b.tensor((1, 1, 1, 4), scale=0.08, zero_point=1)
    b.operator("AVERAGE_POOL_2D", [d], [p], options(
        "Pool2DOptions", padding=schema.Padding.VALID, strideW=1, strideH=1, filterWidth=3, filterHeight=3))
    w = b.tensor((3, 4), scale=0.015, data=rng.integers(-127, 128, (3, 4), dtype=np.int8))
    wb = b.tensor((3,), "int32", scale=0.08 * 0.015, data=rng.integers(-500, 500, 3, dtype=np.int32))
    logits = b.tensor((1, 3), scale=0.1, zero_point=4)
    b.operator("FULLY_CONNECTED", [p, w, wb], [logits], options("FullyConnectedOptions"))
    probs = b.tensor((1, 3), scale=1 / 256, zero_point=-128)
    b.operator("SOFTMAX", [logits], [probs], options("SoftmaxOptions", beta=1.0))
    return b.build([x], [probs])


def elementwise_model() -> bytes:
    """PAD, MAX_POOL_2D, ADD, MUL, LOGISTIC, MEAN, QUANTIZE (int8 to int8)."""
    b = ModelBuilder()
    x = b.tensor((1, 3, 3, 2), scale=0.05, zero_point=2)
    pads = b.tensor((4, 2), "int32", data=np.array([[0, 0], [1, 0], [0, 1], [0, 0]], np.int32))
    padded = b.tensor((1, 4, 4, 2), scale=0.05, zero_point=2)
    b.operator("PAD", [x, pads], [padded], options("PadOptions"))
    pooled = b.tensor((1, 2, 2, 2), scale=0.05, zero_point=2)
    b.operator("MAX_POOL_2D", [padded], [pooled], options(
        "Pool2DOptions", padding=schema.Padding.VALID, strideW=2, strideH=2, filterWidth=2, filterHeight=2))
    other = b.tensor((1, 1, 1, 2), scale=0.03, zero_point=-1)
    summed = b.tensor((1, 2, 2, 2), scale=0.07, zero_point=0)
    b.operator("ADD", [pooled, other], [summed], options("AddOptions", fusedActivationFunction=_ACT.RELU))
    product = b.tensor((1, 2, 2, 2), scale=0.02, zero_point=-3)
    b.operator("MUL", [summed, other], [product], options("MulOptions"))
    squashed = b.tensor((1, 2, 2, 2), scale=1 / 256, zero_point=-128)
    b.operator("LOGISTIC", [product], [squashed])
    axes = b.tensor((2,), "int32", data=np.array([1, 2], np.int32))
    mean = b.tensor((1, 2), scale=1 / 256, zero_point=-128)
    b.operator("MEAN", [squashed, axes], [mean], options("ReducerOptions", keepDims=False))
    requantized = b.tensor((1, 2), scale=0.01, zero_point=5)
    b.operator("QUANTIZE", [mean], [requantized])
    return b.build([x, other], [requantized])


SEEDS: dict[str, Callable[[], bytes]] = {
    "conv_reshape": conv_reshape_model, "classifier": classifier_model, "elementwise": elementwise_model,
}


# -- mutations ---------------------------------------------------------------------------------------

BYTE_MUTATIONS = ("truncate", "flip", "word", "insert")


def mutate_bytes(buf: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    """Apply (kind, where in [0, 1), payload) mutations to the raw bytes."""
    data = bytearray(buf)
    for kind, where, payload in mutations:
        p = int(where * len(data)) if data else 0
        if kind == "truncate":
            data = data[:p]
        elif kind == "flip" and data:
            data[p] = payload[0]
        elif kind == "word" and len(data) >= 4:
            p = min(p, len(data) - 4)
            word = [0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, len(data), 0][payload[0] % 5]
            data[p:p + 4] = word.to_bytes(4, "little")
        elif kind == "insert":
            data[p:p] = payload
    return bytes(data)


def random_byte_mutant(buf: bytes, rng: np.random.Generator) -> bytes:
    """One to three random byte mutations (that leave some byte changed)."""
    while True:
        mutant = mutate_bytes(buf, [(BYTE_MUTATIONS[int(rng.integers(4))], float(rng.random()),
                                     bytes(rng.integers(0, 256, 8, dtype=np.uint8)))
                                    for _ in range(int(rng.integers(1, 4)))])
        if mutant != buf:
            return mutant


_SCALE_FACTORS = (0.0, -1.0, 0.5, 0.9, 0.99, 1.01, 1.1, 2.0, 1e-6, 1e6, 1e30, float("inf"), float("nan"))
_EXTREME_INTS = (-2**31, -129, -128, -1, 0, 1, 2, 3, 4, 127, 128, 255, 256, 2**31 - 1)


def random_field_mutant(buf: bytes, rng: np.random.Generator) -> bytes:
    """The model with one field of one tensor or operator changed to another nearby or extreme value."""
    unchanged = pack_model(schema.ModelT.InitFromPackedBuf(buf, 0))
    while True:
        model = schema.ModelT.InitFromPackedBuf(buf, 0)
        sub = model.subgraphs[0]
        if rng.random() < 0.6:
            _change_tensor(model, _pick(sub.tensors, rng), rng)
        else:
            _change_operator(sub, _pick(sub.operators, rng), rng)
        try:
            mutant = pack_model(model)
        except TypeError:  # the value does not fit the field's type (flatbuffers checks on packing)
            continue
        if mutant != unchanged:
            return mutant


def _pick(seq, rng: np.random.Generator):
    return seq[int(rng.integers(len(seq)))]


def _near(value: int, rng: np.random.Generator) -> int:
    return int(value) + int(rng.integers(-3, 4)) if rng.random() < 0.6 else int(_pick(_EXTREME_INTS, rng))


def _change_tensor(model, t, rng: np.random.Generator) -> None:
    """Change a scale, zero point, quantized dimension, shape dimension, type or constant byte of ``t``."""
    q = t.quantization
    field = _pick(("scale", "zero_point", "quantized_dimension", "shape", "type", "data"), rng)
    if field == "scale" and q is not None and len(q.scale):
        i = int(rng.integers(len(q.scale)))
        q.scale = [float(np.float32(s)) * _pick(_SCALE_FACTORS, rng) if k == i else float(s)
                   for k, s in enumerate(q.scale)]
    elif field == "zero_point" and q is not None and len(q.zeroPoint):
        q.zeroPoint = [_near(z, rng) for z in q.zeroPoint]
    elif field == "quantized_dimension" and q is not None:
        q.quantizedDimension = _near(q.quantizedDimension, rng) % 8 - 2
    elif field == "shape" and t.shape is not None and len(t.shape):
        shape = list(t.shape)
        i = int(rng.integers(len(shape)))
        shape[i] = max(shape[i] + int(rng.integers(-3, 4)), -1)
        t.shape = shape
    elif field == "type":
        t.type = int(rng.integers(0, 18))
    elif field == "data" and t.buffer and model.buffers[t.buffer].data is not None:
        data = np.array(model.buffers[t.buffer].data, np.uint8)
        data[int(rng.integers(data.size))] = int(rng.integers(256))
        model.buffers[t.buffer].data = data


def _change_operator(sub, op, rng: np.random.Generator) -> None:
    """Change one number of ``op``'s options, or rewire one of its inputs or its output."""
    field = _pick(("option", "input", "output"), rng)
    numbers = [k for k, v in vars(op.builtinOptions).items() if isinstance(v, (int, float))] \
        if op.builtinOptions is not None else []
    if field == "option" and numbers:
        name = _pick(numbers, rng)
        value = getattr(op.builtinOptions, name)
        setattr(op.builtinOptions, name,
                value * _pick(_SCALE_FACTORS, rng) if isinstance(value, float) else _near(value, rng))
    elif field == "input" and len(op.inputs):
        inputs = list(op.inputs)
        inputs[int(rng.integers(len(inputs)))] = int(rng.integers(-1, len(sub.tensors)))
        op.inputs = inputs
    elif field == "output":
        op.outputs = [int(rng.integers(len(sub.tensors)))]


@dataclass(frozen=True)
class Mutant:
    """One mutated model and how it was made (seed, kind, number), for reproducing it."""

    seed: str
    kind: str
    number: int
    data: bytes

    @property
    def label(self) -> str:
        return f"{self.seed}/{self.kind}/{self.number}"


def mutants(count: int, seed: int = 0) -> Iterator[Mutant]:
    """``count`` mutants, alternating seeds and byte/field mutation, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    seeds = {name: make() for name, make in SEEDS.items()}
    names = list(seeds)
    for number in range(count):
        name = names[number % len(names)]
        kind = "field" if (number // len(names)) % 2 else "bytes"
        mutate = random_field_mutant if kind == "field" else random_byte_mutant
        yield Mutant(name, kind, number, mutate(seeds[name], rng))


# -- the verdict on one mutant -----------------------------------------------------------------------

_PLACE = re.compile(r"layer \d+ \([^)]+\): |tensor \d+ \('|malformed \.tflite file: (tensor|operator|buffer|the |subgraph)|"
                    r"malformed or dynamic \.tflite: tensor \d+|not a TFLite model: |the model has |"
                    r"model input/output tensor '")
_LIBRARY_TERMS = re.compile(r"unpack_from|bad number|[A-Za-z]Error\b|buffer is smaller|NoneType|has no attribute")


def names_the_problem(message: str) -> bool:
    """The message says where (layer and operator, tensor, or the part of the file) in the user's terms."""
    return bool(_PLACE.match(message)) and not _LIBRARY_TERMS.search(message) and len(message) < 600


@dataclass(frozen=True)
class Outcome:
    """What happened to a mutant: ``kind`` (see the module docstring) and the message or first difference."""

    kind: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind in GOOD_OUTCOMES


def check_mutant(buf: bytes, build_dir: Path, report_phase: Callable[[str], None] = lambda phase: None,
                 tflm_log: Callable[[], str] = lambda: "") -> Outcome:
    """Import ``buf``; if accepted, compare its host build with TFLite Micro on two random input sets."""
    from cfu.model.host import HostModel
    from cfu.model.importer import import_model
    from cfu.model.testing import TflmReference, compare_chained, compare_isolated

    report_phase("import")
    try:
        model = import_model(buf)
    except CfuError as error:
        return Outcome("rejected" if names_the_problem(str(error)) else "unnamed-rejection", str(error))
    report_phase("tflite-micro")
    rng = np.random.default_rng(len(buf))
    inputs = [[rng.integers(-128, 128, t.shape, dtype=np.int8) for t in model.graph.inputs] for _ in range(2)]
    try:
        reference = TflmReference(buf)
        goldens = [reference.run(x) for x in inputs]
    except Exception as error:  # noqa: BLE001 - TFLite Micro reports its failures as plain exceptions
        return Outcome("tflite-micro-rejects", f"{error}: {tflm_log().strip()[-300:]}")
    report_phase("host build")
    try:
        host = HostModel(model, build_dir)
    except CfuError as error:
        return Outcome("build-failed", str(error)[-500:])
    report_phase("host run")
    for x, golden in zip(inputs, goldens):
        problems = [r.problem for r in (*compare_isolated(model, host, golden, x),
                                        *compare_chained(model, host, golden, x)) if not r.ok]
        if problems:
            return Outcome("mismatch", problems[0])
    return Outcome("agree")


# -- isolation ----------------------------------------------------------------------------------------

class MutantChecker:
    """Runs :func:`check_mutant` in a worker process; a crash or a hang becomes an outcome and a new worker.

    Use as a context manager. ``timeout`` bounds one mutant (seconds without an answer).
    """

    def __init__(self, build_dir: Path, timeout: float = 120.0):
        self.build_dir = Path(build_dir)
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._worker = None
        self._conn = None

    def __enter__(self) -> "MutantChecker":
        return self

    def __exit__(self, *exc) -> None:
        self._stop()

    def check(self, buf: bytes) -> Outcome:
        if self._worker is None:
            self._start()
        phase = "start"
        try:
            self._conn.send(buf)
            while self._conn.poll(self.timeout):
                kind, value = self._conn.recv()
                if kind == "outcome":
                    return value
                phase = value
        except (EOFError, OSError):  # the worker died
            self._worker.join()
            exit_code = self._worker.exitcode
            self._stop()
            return Outcome("crash", f"the worker died (exit {exit_code}) in {phase}")
        self._stop()
        return Outcome("hang", f"no answer within {self.timeout:g} s in {phase}")

    def _start(self) -> None:
        self._conn, child = self._context.Pipe()
        self._worker = self._context.Process(target=_serve, args=(child, str(self.build_dir)), daemon=True)
        self._worker.start()
        child.close()

    def _stop(self) -> None:
        if self._worker is not None:
            if self._worker.is_alive():
                self._worker.kill()
            self._worker.join()
            self._conn.close()
        self._worker = self._conn = None


def _serve(conn, build_dir: str) -> None:
    """The worker: TFLite Micro's error log goes to a file read back for `tflite-micro-rejects`."""
    log = tempfile.TemporaryFile()
    os.dup2(log.fileno(), 2)

    def tflm_log() -> str:
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
        log.seek(0)
        log.truncate()
        return text

    while True:
        try:
            buf = conn.recv()
        except EOFError:
            return
        tflm_log()
        outcome = check_mutant(buf, Path(build_dir), lambda phase: conn.send(("phase", phase)), tflm_log)
        conn.send(("outcome", outcome))
