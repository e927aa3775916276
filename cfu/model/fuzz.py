"""Mutated models tried end to end: the importer names the problem, or the generated C agrees with TFLite Micro.

Each mutant (:mod:`cfu.model.mutants`) runs in a worker process (:class:`MutantChecker`), so a crash or a hang of
TFLite Micro or of a kernel is an outcome, not the end of the run:

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cfu.errors import CfuError
from cfu.model.host import HostModel
from cfu.model.importer import import_model
from cfu.model.testing import TflmReference, compare_sequence, run_sequence

GOOD_OUTCOMES = ("rejected", "agree")


# -- the verdict on one mutant -----------------------------------------------------------------------

_PLACE = re.compile(r"layer \d+ \([^)]+\): |tensor \d+ \('|malformed \.tflite file: (tensor|operator|buffer|the |subgraph)|"
                    r"malformed or dynamic \.tflite: tensor \d+|not a TFLite model: |the model has |"
                    r"model input/output tensor '")
_LIBRARY_TERMS = re.compile(r"unpack_from|bad number|[A-Za-z]Error\b|buffer is smaller|NoneType|has no attribute")


def names_the_problem(message: str) -> bool:
    """The message says where (layer and operator, tensor, or the part of the file) in the user's terms; a report
    of several problems (``the model has N problems``) names each on its own line."""
    return bool(_PLACE.match(message)) and not _LIBRARY_TERMS.search(message)


@dataclass(frozen=True)
class Outcome:
    """What happened to a mutant: ``kind`` (see the module docstring) and the message or first difference."""

    kind: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind in GOOD_OUTCOMES


def _random_input(shape: tuple[int, ...], dtype: str, rng: np.random.Generator) -> np.ndarray:
    """Random int8 values (int16 values for an int16 input); for a float32 input, int8 values / 16 (a float model's
    QUANTIZE range)."""
    if dtype == "int16":
        return rng.integers(-32768, 32768, shape, dtype=np.int16)
    values = rng.integers(-128, 128, shape, dtype=np.int8)
    return values.astype(np.float32) / np.float32(16) if dtype == "float32" else values


def check_mutant(buf: bytes, build_dir: Path, report_phase: Callable[[str], None] = lambda phase: None,
                 tflm_log: Callable[[], str] = lambda: "") -> Outcome:
    """Import ``buf``; if accepted, compare its host build with TFLite Micro on two random input sets."""
    report_phase("import")
    try:
        model = import_model(buf)
    except CfuError as error:
        return Outcome("rejected" if names_the_problem(str(error)) else "unnamed-rejection", str(error))
    report_phase("tflite-micro")
    rng = np.random.default_rng(len(buf))
    inputs = [[_random_input(t.shape, t.dtype, rng) for t in model.graph.inputs] for _ in range(2)]
    try:
        goldens, states = run_sequence(TflmReference(buf), inputs)
    except Exception as error:  # noqa: BLE001 - TFLite Micro reports its failures as plain exceptions
        return Outcome("tflite-micro-rejects", f"{error}: {tflm_log().strip()[-300:]}")
    report_phase("host build")
    try:
        host = HostModel(model, build_dir)
    except CfuError as error:
        return Outcome("build-failed", str(error)[-500:])
    report_phase("host run")
    problems = [r.problem for r in compare_sequence(model, host, inputs, goldens, states) if not r.ok]
    return Outcome("mismatch", problems[0]) if problems else Outcome("agree")


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
