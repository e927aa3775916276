"""One CFU instruction: its interface to the dispatcher and its reference model."""

from dataclasses import dataclass
from typing import Callable

from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

__all__ = ["ReferenceModel", "InstructionSpec", "InstructionSignature", "Instruction", "MASK32", "to_signed", "to_unsigned"]

#: A reference model: ``reference(funct7, in0, in1) -> result``, all unsigned, result 32 bits wide.
ReferenceModel = Callable[[int, int, int], int]

MASK32 = 0xFFFF_FFFF


def to_signed(value: int, width: int = 32) -> int:
    """Interpret the low ``width`` bits of ``value`` as a two's complement number."""
    value &= (1 << width) - 1
    return value - (1 << width) if value >> (width - 1) else value


def to_unsigned(value: int, width: int = 32) -> int:
    """Wrap ``value`` to ``width`` bits (the register view of a signed result)."""
    return value & ((1 << width) - 1)


@dataclass(frozen=True)
class InstructionSpec:
    """What verification needs to know of one instruction, whatever language it is written in.

    Attributes
    ----------
    name : str
        Shown in reports.
    new_reference : callable
        Returns a fresh reference model (see :data:`ReferenceModel`): :meth:`Instruction.reference_model`.
    funct7_values : tuple of int
        The funct7 values the instruction defines.
    max_latency : int
        Cycles from issue to answer after which the instruction counts as hung.
    """

    name: str
    new_reference: Callable[[], ReferenceModel]
    funct7_values: tuple[int, ...] = (0,)
    max_latency: int = 256


class InstructionSignature(wiring.Signature):
    """The interface between the CFU dispatcher and one instruction.

    Members
    -------
    start : In(1)
        One-cycle pulse: an instruction is issued. ``funct7``, ``in0`` and ``in1`` are valid
        from this cycle until ``done`` (the dispatcher holds them).
    funct7 : In(7)
        The instruction's funct7 field, for sub-operations.
    in0, in1 : In(32)
        The rs1 and rs2 operand values.
    done : Out(1)
        One-cycle pulse: ``result`` is valid. May be asserted in the ``start`` cycle
        (a combinational instruction) or any number of cycles later.
    result : Out(32)
        The value written to rd, valid while ``done`` is asserted.
    """

    def __init__(self):
        super().__init__({
            "start": In(1),
            "funct7": In(7),
            "in0": In(32),
            "in1": In(32),
            "done": Out(1),
            "result": Out(32),
        })


class Instruction(wiring.Component):
    """Base class of a CFU instruction.

    A subclass implements ``elaborate()`` against :class:`InstructionSignature` and
    ``reference_model()``, which returns a *fresh* model: a plain function for a stateless
    instruction, or a small object with ``__call__`` for a stateful one. The model is the
    single source of truth that the gateware, the C emulation and the simulators are checked against.

    Attributes
    ----------
    funct7_values : tuple of int
        The funct7 values the instruction defines; verification draws from these.
    max_latency : int
        Cycles from ``start`` to ``done`` after which verification declares the instruction hung.
    """

    funct7_values: tuple[int, ...] = (0,)
    max_latency: int = 256

    def __init__(self):
        super().__init__(InstructionSignature())

    @property
    def name(self) -> str:
        """Human-readable name used in reports."""
        return type(self).__name__

    def reference_model(self) -> ReferenceModel:
        """Return a fresh reference model of this instruction."""
        raise NotImplementedError(f"{self.name} has no reference model")

    def spec(self) -> InstructionSpec:
        """This instruction as verification sees it."""
        return InstructionSpec(self.name, self.reference_model, tuple(self.funct7_values), self.max_latency)
