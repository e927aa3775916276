"""The project's Python reference models as the fast simulator's CFU (``cfu fast --cfu reference``).

For gateware still being written: the engine built with ``engine/cfu_pipe.c`` sends each CFU instruction over a
pipe; :class:`ReferenceCfu` answers with the result of the model in the instruction's funct3 slot (a fresh model
per slot and run, so stateful models start from their initial state). The models have no timing: every CFU
instruction counts as answered in its issue cycle.
"""

from __future__ import annotations

import os
import struct
import threading
from contextlib import contextmanager
from typing import Iterator

from cfu.errors import CfuError
from cfu.gateware.cfu import UNUSED_SLOT_RESULT
from cfu.gateware.instruction import MASK32, InstructionSpec

#: The environment variable naming the pipes' file descriptors for the engine ("request,answer").
FDS_VARIABLE = "FASTSIM_CFU_FDS"
_REQUEST = struct.Struct("<III")
_ANSWER = struct.Struct("<I")


class ReferenceCfu:
    """Answers the engine's CFU requests with the reference models of ``specs`` (funct3 slot to instruction)."""

    def __init__(self, specs: dict[int, InstructionSpec]):
        self._specs = specs
        self.error: CfuError | None = None
        self.instructions = 0

    @contextmanager
    def serving(self) -> Iterator[tuple[dict[str, str], tuple[int, int]]]:
        """Open the pipes and answer on them in a thread; yields the engine's environment additions and the file
        descriptors it must inherit. On leaving, waits for the engine's end (it closes its ends) and raises
        the first model failure, if any."""
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        thread = threading.Thread(target=self._serve, args=(request_read, answer_write), daemon=True)
        thread.start()
        try:
            yield {FDS_VARIABLE: f"{request_write},{answer_read}"}, (request_write, answer_read)
        finally:
            os.close(request_write)
            os.close(answer_read)
            thread.join()
        if self.error is not None:
            raise self.error

    def _serve(self, request_fd: int, answer_fd: int) -> None:
        models = {slot: spec.new_reference() for slot, spec in self._specs.items()}
        with os.fdopen(request_fd, "rb") as requests, os.fdopen(answer_fd, "wb", buffering=0) as answers:
            while len(request := requests.read(_REQUEST.size)) == _REQUEST.size:
                function_id, in0, in1 = _REQUEST.unpack(request)
                try:
                    result = self._answer(models, function_id, in0, in1)
                except CfuError as error:
                    self.error = error
                    return  # closing the answer pipe stops the engine
                self.instructions += 1
                try:
                    answers.write(_ANSWER.pack(result))
                except BrokenPipeError:
                    return

    def _answer(self, models: dict, function_id: int, in0: int, in1: int) -> int:
        funct3, funct7 = function_id & 7, function_id >> 3
        model = models.get(funct3)
        if model is None:
            return UNUSED_SLOT_RESULT
        try:
            return model(funct7, in0, in1) & MASK32
        except Exception as error:  # the user's model: any failure is reported as one line naming it
            name = self._specs[funct3].name
            raise CfuError(f"the reference model of {name} (funct3={funct3}) failed on funct7={funct7} "
                           f"in0={in0:#x} in1={in1:#x}: {type(error).__name__}: {error}") from None
