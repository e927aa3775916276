"""The accelerator's behaviour at its edges and on realistic operation sequences, in Amaranth's simulator and
(for the sequences) in the generated Verilog through cocotb, against its reference model.

The generic harness (tests/test_project_instructions.py) already drives every operation with edge and random
operands; these tests drive what random operands almost never reach: whole pixels through the engines, a
full output queue, a CFU used before any parameter is set, and state left over from earlier work.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest

from cfu.gateware import to_signed
from cfu.tflite_math import requantize
from cfu.project import Project
from cfu.verify import Op, Stimulus, expected_results, run_amaranth, verify_amaranth, verify_verilog

PROJECT = Project.load(Path(__file__).resolve().parents[1])  # this copy of the project, wherever it is
CFU = PROJECT.make_cfu()
SPECS = CFU.specs()
M = sys.modules["mnv2_first_accelerator_model"]  # the reference model, loaded by the project's cfu.py


def op(funct7: int, in0: int = 0, in1: int = 0) -> Op:
    return Op(0, funct7, in0 & 0xFFFF_FFFF, in1 & 0xFFFF_FFFF)


def answers(ops: list[Op], seed: int = 0) -> list[int]:
    """The gateware's answers with CPU-like gaps and back-pressure, checked against the model on the way."""
    rng = random.Random(seed)
    stimuli = [Stimulus(o, gap=rng.choice((0, 0, 1, 3)), stall=rng.choice((0, 0, 1))) for o in ops]
    verify_amaranth(CFU, stimuli)
    return run_amaranth(CFU, stimuli)


def pack(values) -> int:
    return sum((int(v) & 0xFF) << (8 * i) for i, v in enumerate(values))


def test_a_fresh_cfu_answers_zero():
    """Before any parameter is set: an empty queue reads 0, and a pixel computes to zeros (multiplier 0,
    activation range [0, 0])."""
    got = answers([op(M.READ_OUTPUT), op(M.PUSH_INPUT, 0x7F7F7F7F, 0x80808080), op(M.READ_OUTPUT),
                   op(M.READ_OUTPUT), op(M.DW_COMPUTE, 0x01020304, 3), op(M.READ_OUTPUT)])
    assert got == [0] * 6


def test_full_queue_rejects_instead_of_hanging():
    """Pixels of 128 output words: two fit the queue, two more wait in the banks, the next push is refused
    (answer 1); so is a depthwise compute on a full queue. Reading makes room again."""
    ops = [op(M.SET_SHAPE, 0, 511)] + [op(M.PUSH_INPUT, i, i) for i in range(5)]
    ops += [op(M.DW_COMPUTE, 0, 0)] + [op(M.READ_OUTPUT)] * 129 + [op(M.PUSH_INPUT, 5, 5)]
    got = answers(ops)
    assert got[1:6] == [0, 0, 0, 0, 1]
    assert got[6] == 1
    assert got[-1] == 0


def test_reset_drops_what_earlier_work_left():
    ops = [op(M.SET_SHAPE, 1, 3), op(M.PUSH_INPUT, 1, 2), op(M.PUSH_INPUT, 3, 4), op(M.DW_COMPUTE, 5, 6),
           op(M.PUSH_INPUT, 7, 8), op(M.RESET), op(M.READ_OUTPUT), op(M.PUSH_INPUT, 1, 2)]
    got = answers(ops)
    assert got[-2:] == [0, 0]


def _pointwise_layer(rng: np.random.Generator, depth: int, channels: int, pixels: int):
    """Operations of a 1x1 convolution and its expected output bytes, computed here with numpy."""
    input_offset, output_offset = 7, -5
    bias = rng.integers(-4000, 4000, channels)
    multiplier = rng.integers(1 << 30, (1 << 31) - 1, channels)
    shift = rng.integers(-9, -5, channels)
    weights = rng.integers(-127, 128, (channels, depth), dtype=np.int8)
    x = rng.integers(-128, 128, (pixels, depth), dtype=np.int8)
    words = depth // 4
    stride = -(-words // 4) * 4
    ops = [op(M.RESET), op(M.SET_OFFSETS, input_offset, output_offset), op(M.SET_ACTIVATION, -128, 127)]
    for c in range(channels):
        ops += [op(M.WRITE_BIAS, c, int(bias[c])), op(M.WRITE_MULTIPLIER, c, int(multiplier[c])),
                op(M.WRITE_SHIFT, c, int(shift[c]))]
        ops += [op(M.WRITE_FILTER, c * stride + w, pack(weights[c, 4 * w:4 * w + 4])) for w in range(words)]
    ops.append(op(M.SET_SHAPE, words - 1, channels - 1))
    for p in range(pixels):
        vector = [pack(x[p, 4 * w:4 * w + 4]) for w in range(words)] + [0]
        ops += [op(M.PUSH_INPUT, vector[w], vector[w + 1]) for w in range(0, words, 2)]
        ops += [op(M.READ_OUTPUT)] * (channels // 4)
    acc = (x.astype(np.int64) + input_offset) @ weights.astype(np.int64).T
    out = [[requantize(int(acc[p, c] + bias[c]), int(multiplier[c]), int(shift[c]), output_offset, -128, 127)
            for c in range(channels)] for p in range(pixels)]
    expected = [pack(row[4 * j:4 * j + 4]) for row in out for j in range(channels // 4)]
    return ops, expected


def test_pointwise_layer_matches_numpy():
    ops, expected = _pointwise_layer(np.random.default_rng(1), depth=36, channels=12, pixels=5)
    got = answers(ops)
    reads = [g for o, g in zip(ops, got) if o.funct7 == M.READ_OUTPUT]
    assert reads == expected


def test_depthwise_window_matches_numpy():
    """Three columns into the window, one compute: the nine taps of four channels, requantized."""
    rng = np.random.default_rng(2)
    taps = rng.integers(-127, 128, (3, 3, 4), dtype=np.int8)      # [row][column][lane]
    window = rng.integers(-128, 128, (3, 3, 4), dtype=np.int8)    # [row][column][lane]
    group, input_offset = 5, -3
    ops = [op(M.RESET), op(M.SET_OFFSETS, input_offset, 2), op(M.SET_ACTIVATION, -128, 127)]
    for lane in range(4):
        ops += [op(M.WRITE_BIAS, 4 * group + lane, 100 * lane), op(M.WRITE_MULTIPLIER, 4 * group + lane, 1 << 30),
                op(M.WRITE_SHIFT, 4 * group + lane, -2)]
    ops += [op(M.WRITE_FILTER, (3 * group + r) * 4 + c, pack(taps[r, c])) for r in range(3) for c in range(3)]
    for c in range(3):
        ops += [op(M.DW_STAGE, pack(window[0, c]), pack(window[1, c])),
                op(M.DW_COMPUTE if c == 2 else M.DW_COLUMN, pack(window[2, c]), group)]
    ops.append(op(M.READ_OUTPUT))
    acc = ((window.astype(np.int64) + input_offset) * taps).sum(axis=(0, 1))
    expected = pack([requantize(int(acc[lane]) + 100 * lane, 1 << 30, -2, 2, -128, 127) for lane in range(4)])
    assert answers(ops)[-1] == expected


@pytest.mark.parametrize("seed", range(2))
def test_layer_sequences_in_verilog(seed, tmp_path):
    """A pointwise layer, a depthwise window and an ADD, with CPU-like timing, in Icarus through cocotb."""
    rng = random.Random(seed)
    ops, _ = _pointwise_layer(np.random.default_rng(seed), depth=24, channels=8, pixels=3)
    ops += [op(M.ADD_SET_INPUT1, 1 << 30, (-1 & 63) | (5 & 511) << 8 | 20 << 20),
            op(M.ADD_SET_INPUT2, 3 << 29, (-2 & 63) | (-9 & 511) << 8 | 20 << 20)]
    ops += [op(M.ADD_PUSH, rng.getrandbits(32), rng.getrandbits(32)) for _ in range(4)] + [op(M.READ_OUTPUT)] * 5
    ops += [op(M.DW_STAGE, rng.getrandbits(32), rng.getrandbits(32)) for _ in range(2)]
    ops += [op(M.DW_COMPUTE, rng.getrandbits(32), 1), op(M.READ_OUTPUT)]
    stimuli = [Stimulus(o, gap=rng.choice((0, 0, 2)), stall=rng.choice((0, 0, 1))) for o in ops]
    assert any(to_signed(v) for v in expected_results(SPECS, stimuli))
    CFU.write_verilog(tmp_path / "cfu.v")  # not in the project's build/: tests leave it alone
    verify_verilog(tmp_path / "cfu.v", SPECS, stimuli, tmp_path / "cocotb")
