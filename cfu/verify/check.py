"""Compare a CFU's answers with its reference models and say exactly what differs."""

from ..gateware.cfu import UNUSED_SLOT_RESULT
from ..gateware.instruction import MASK32, InstructionSpec
from .driver import CfuHang, CfuProtocolError
from .vectors import Stimulus

__all__ = ["CfuMismatch", "expected_results", "check_results", "describe_failure"]


class CfuMismatch(AssertionError):
    """A CFU answered differently from its reference model, or hung, or broke the handshake."""


def expected_results(specs: dict[int, InstructionSpec], stimuli: list[Stimulus]) -> list[int]:
    """What the reference models answer, fresh models fed in issue order."""
    references = {slot: spec.new_reference() for slot, spec in specs.items()}
    expected = []
    for stimulus in stimuli:
        op = stimulus.op
        reference = references.get(op.funct3)
        expected.append(UNUSED_SLOT_RESULT if reference is None else reference(op.funct7, op.in0, op.in1) & MASK32)
    return expected


def check_results(specs: dict[int, InstructionSpec], stimuli: list[Stimulus], actual: list[int],
                  simulator: str) -> None:
    """Raise :class:`CfuMismatch` at the first answer that differs from the reference model."""
    names = {slot: spec.name for slot, spec in specs.items()}
    for index, (stimulus, want, got) in enumerate(zip(stimuli, expected_results(specs, stimuli), actual)):
        if want != got:
            earlier = sum(1 for s in stimuli[:index] if s.op.funct3 == stimulus.op.funct3)
            raise CfuMismatch(
                f"[{simulator}] {stimulus.op.describe(names)}: expected 0x{want:08x}, got 0x{got:08x} "
                f"(operation {index} of {len(stimuli)}, after {earlier} earlier on this slot)")
    if len(actual) != len(stimuli):
        raise CfuMismatch(f"[{simulator}] {len(actual)} answers for {len(stimuli)} operations")


def describe_failure(specs: dict[int, InstructionSpec], failure: CfuHang | CfuProtocolError,
                     simulator: str) -> CfuMismatch:
    """Turn a hang or a handshake error into a :class:`CfuMismatch` naming the instruction."""
    names = {slot: spec.name for slot, spec in specs.items()}
    what = failure.stimulus.op.describe(names)
    if isinstance(failure, CfuHang):
        return CfuMismatch(f"[{simulator}] {what}: no answer within {failure.cycles} cycles "
                           f"(operation {failure.index}); the instruction never raised done")
    return CfuMismatch(f"[{simulator}] {what}: {failure.what} (operation {failure.index})")
