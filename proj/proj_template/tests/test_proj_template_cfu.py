"""The project's own tests: known answers of its CFU, run in Amaranth's simulator.

``make PROJ=<name> test`` runs this folder together with the toolkit's generic checks of every
instruction (reference model against gateware and C emulation). Put here what only this project
knows: known-answer vectors, its kernels, its model. Name test files ``test_<project>_*.py`` so
that they stay unique when ``make test`` collects every project at once.
"""

from pathlib import Path

from cfu.project import Project
from cfu.verify import Op, Stimulus, run_amaranth

PROJECT = Project.load(Path(__file__).resolve().parents[1])
ADD, MULTIPLY, MAC4 = 0, 1, 2


def answers(*ops: Op) -> list[int]:
    return run_amaranth(PROJECT.make_cfu(), [Stimulus(op) for op in ops])


def packed(*lanes: int) -> int:
    """Four signed bytes packed into a word, lane 0 in bits 7:0."""
    return sum((lane & 0xFF) << (8 * i) for i, lane in enumerate(lanes))


def test_add_and_subtract():
    assert answers(Op(ADD, 0, 7, 5), Op(ADD, 1, 7, 5), Op(ADD, 1, 5, 7)) == [12, 2, 0xFFFF_FFFE]


def test_multiply_keeps_low_word():
    assert answers(Op(MULTIPLY, 0, 1234, 5678), Op(MULTIPLY, 0, 0x1_0001, 0x1_0001)) == [7_006_652, 0x2_0001]


def test_mac4_accumulates_with_input_offset():
    a, b = packed(1, -2, 3, -128), packed(5, 6, -7, 8)
    # offset 128: (129*5) + (126*6) + (131*-7) + (0*8) = 645 + 756 - 917 = 484, twice: 968
    assert answers(Op(MAC4, 0, 128, 0), Op(MAC4, 1, a, b), Op(MAC4, 1, a, b), Op(MAC4, 2, 0, 0)) == [0, 484, 968, 968]
