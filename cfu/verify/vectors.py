"""What verification feeds a CFU: operations, their timing, and the vectors drawn for them."""

import random
from dataclasses import dataclass

from hypothesis import strategies as st

from ..gateware.instruction import MASK32, InstructionSpec

__all__ = ["Op", "Stimulus", "EDGE_OPERANDS", "edge_stimuli", "random_stimuli", "standard_stimuli",
           "stimuli_strategy"]

#: Operand values where arithmetic goes wrong first: zero, signs, byte-lane extremes.
EDGE_OPERANDS = (
    0x0000_0000, 0x0000_0001, 0x0000_007F, 0x0000_0080, 0x0000_00FF, 0x0000_FFFF,
    0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFF, 0x7F7F_7F7F, 0x8080_8080, 0x0102_80FF,
)


@dataclass(frozen=True)
class Op:
    """One CFU instruction: its slot, sub-operation and operands (unsigned 32-bit)."""

    funct3: int
    funct7: int
    in0: int
    in1: int

    def describe(self, names: dict[int, str]) -> str:
        name = names.get(self.funct3, "unused slot")
        return f"{name} (funct3={self.funct3}, funct7={self.funct7}) in0=0x{self.in0:08x} in1=0x{self.in1:08x}"


@dataclass(frozen=True)
class Stimulus:
    """An operation and how the CPU side times it.

    Attributes
    ----------
    gap : int
        Idle cycles before the command is issued (0: back to back with the previous answer).
    stall : int
        Cycles ``rsp_ready`` is held low from the issue on (CPU back-pressure).
    """

    op: Op
    gap: int = 0
    stall: int = 0


def edge_stimuli(specs: dict[int, InstructionSpec], funct3: int) -> list[Stimulus]:
    """Every funct7 of one instruction over all pairs of :data:`EDGE_OPERANDS`, back to back."""
    spec = specs[funct3]
    return [Stimulus(Op(funct3, funct7, a, b))
            for funct7 in spec.funct7_values for a in EDGE_OPERANDS for b in EDGE_OPERANDS]


def random_stimuli(specs: dict[int, InstructionSpec], count: int, seed: int,
                   funct3s: tuple[int, ...] | None = None) -> list[Stimulus]:
    """``count`` random operations on ``funct3s`` (default: all slots of ``specs`` and one unused one),
    with random gaps and back-pressure."""
    rng = random.Random(seed)
    slots = list(funct3s if funct3s is not None else _slots_with_one_unused(specs))

    def operand() -> int:
        return rng.choice(EDGE_OPERANDS) if rng.random() < 0.2 else rng.getrandbits(32)

    stimuli = []
    for _ in range(count):
        funct3 = rng.choice(slots)
        funct7 = rng.choice(specs[funct3].funct7_values) if funct3 in specs else rng.randrange(128)
        stimuli.append(Stimulus(Op(funct3, funct7, operand(), operand()),
                                gap=rng.choice((0, 0, 0, 1, 3)), stall=rng.choice((0, 0, 0, 1, 2, 5))))
    return stimuli


def standard_stimuli(specs: dict[int, InstructionSpec], funct3: int, seed: int = 0) -> list[Stimulus]:
    """The deterministic vector set of one instruction: its edge grid, then random operations
    on it mixed with the other instructions (so state leaking between slots shows)."""
    mixed = random_stimuli(specs, 150, seed, funct3s=(funct3,) * 3 + tuple(_slots_with_one_unused(specs)))
    return edge_stimuli(specs, funct3) + mixed


def stimuli_strategy(specs: dict[int, InstructionSpec], funct3: int, max_size: int = 24):
    """Hypothesis strategy: lists of timed operations, mostly on ``funct3``."""
    own = specs[funct3]
    operands = st.one_of(st.sampled_from(EDGE_OPERANDS), st.integers(0, MASK32))
    own_op = st.builds(Op, st.just(funct3), st.sampled_from(own.funct7_values), operands, operands)
    other_ops = [st.builds(Op, st.just(slot), st.sampled_from(spec.funct7_values), operands, operands)
                 for slot, spec in specs.items() if slot != funct3]
    op = st.one_of(own_op, *other_ops) if other_ops else own_op
    stimulus = st.builds(Stimulus, op, gap=st.integers(0, 3), stall=st.integers(0, 4))
    return st.lists(stimulus, min_size=1, max_size=max_size)


def _slots_with_one_unused(specs: dict[int, InstructionSpec]) -> list[int]:
    unused = [slot for slot in range(8) if slot not in specs]
    return sorted(specs) + unused[:1]
