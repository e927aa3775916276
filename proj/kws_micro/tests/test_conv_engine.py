"""The convolution engine on layer-like data: memories filled the way the kernels fill them, then DOT and
DEPTHWISE over every address corner (odd starts, wrap-around, counts 0 to 127, partial tap masks), checked
against the reference model in Amaranth's simulator, in the Verilog through cocotb, and in the C emulation.
Random operands alone (the generic harness) rarely meet filled memories; these sequences do."""

import importlib.util
import random
from pathlib import Path

import pytest

from cfu.fwbuild.emulation import build_host_emulation, first_mismatch
from cfu.project import Project
from cfu.verify import Op, Stimulus, expected_results, run_amaranth, verify_amaranth, verify_verilog

PROJECT = Project.load(Path(__file__).resolve().parents[1])
FUNCT3 = 0

def _load_engine():
    """The project's cfu.py as a module, for its constants (sub-operations, memory sizes)."""
    spec = importlib.util.spec_from_file_location("kws_micro_cfu", PROJECT.root / "cfu.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ENGINE = _load_engine()


def _ops(seed: int) -> list[tuple[int, int, int]]:
    """(funct7, in0, in1) of a layer-like session: parameters, streamed and single writes, convolutions."""
    rng = random.Random(seed)
    e = ENGINE
    ops = [(e.SET_OFFSETS, rng.randrange(-128, 129) & 0x1FF, rng.randrange(-128, 128) & 0x1FF),
           (e.SET_CLAMP, -128 & 0xFFFF, 127), (e.SET_STRIDES, 5 * 16, 16)]
    for channel in range(e.CHANNELS):
        ops += [(e.WRITE_BIAS, channel, rng.randrange(-5000, 5000) & 0xFFFF_FFFF),
                (e.WRITE_MULTIPLIER, channel, rng.randrange(1 << 30, 1 << 31)),
                (e.WRITE_SHIFT, channel, rng.randrange(-12, 2) & 0x3F)]
    word = lambda: rng.getrandbits(32)
    ops.append((e.SET_POINTERS, 2040 + seed % 2, (250 << 2) | 1))   # both wrap around
    ops += [(e.STREAM_INPUT, word(), word()) for _ in range(30)]
    ops += [(e.STREAM_FILTER, word(), word()) for _ in range(6)]
    for lane in range(e.LANES):
        ops.append((e.SET_POINTERS, rng.randrange(e.INPUT_WORDS), lane))
        ops += [(e.STREAM_FILTER, word(), word()) for _ in range(40)]
        ops += [(e.STREAM_INPUT, word(), word()) for _ in range(20)]
    ops += [(e.WRITE_INPUT, rng.randrange(e.INPUT_WORDS), word()) for _ in range(20)]
    ops += [(e.WRITE_FILTER, rng.randrange(4 * e.FILTER_WORDS), word()) for _ in range(20)]
    for count in (0, 1, 2, 3, 10, 16, 17, 127):
        for start in (0, 1, 2040, 2047, rng.randrange(e.INPUT_WORDS)):
            filter_base = rng.choice((0, 1, 255, rng.randrange(e.FILTER_WORDS)))
            ops.append((e.DOT, start | count << 16, filter_base | rng.randrange(e.QUADS) << 16))
    for mask in (0, 0x1FF, 0x1B0, 0x036, 0x010, rng.randrange(512)):
        for centre in (0, 17, 2047, rng.randrange(e.INPUT_WORDS)):
            ops.append((e.DEPTHWISE, centre | mask << 16, rng.randrange(e.FILTER_WORDS) | rng.randrange(e.QUADS) << 16))
    return ops


def _stimuli(ops, seed: int) -> list[Stimulus]:
    rng = random.Random(seed)
    return [Stimulus(Op(FUNCT3, f7, a, b), gap=rng.choice((0, 0, 1)), stall=rng.choice((0, 0, 2))) for f7, a, b in ops]


@pytest.mark.parametrize("seed", [0, 1])
def test_layer_sessions_in_amaranth(seed):
    verify_amaranth(PROJECT.make_cfu(), _stimuli(_ops(seed), seed))


def test_layer_session_with_cocotb(tmp_path):
    cfu = PROJECT.make_cfu()
    verilog = tmp_path / "cfu.v"
    cfu.write_verilog(verilog)
    verify_verilog(verilog, cfu.specs(), _stimuli(_ops(2), 2), tmp_path / "cocotb")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_layer_sessions_in_c_emulation(seed, tmp_path):
    spec = PROJECT.make_cfu().specs()[FUNCT3]
    mismatch = first_mismatch(build_host_emulation(PROJECT, tmp_path), spec.name, FUNCT3, spec.new_reference, _ops(seed))
    assert mismatch is None, str(mismatch)


def test_sessions_compute_nonzero_answers():
    """The sequences exercise the arithmetic: most convolutions answer something else than 0."""
    specs = PROJECT.make_cfu().specs()
    stimuli = _stimuli(_ops(0), 0)
    results = expected_results(specs, stimuli)
    answers = [r for s, r in zip(stimuli, results) if s.op.funct7 in (ENGINE.DOT, ENGINE.DEPTHWISE)]
    assert sum(r != 0 for r in answers) > 0.8 * len(answers)


def test_convolution_before_any_parameter_answers_zero():
    """Misuse: a DOT or DEPTHWISE on a fresh engine answers the defined value 0 (no hang)."""
    stimuli = [Stimulus(Op(FUNCT3, ENGINE.DOT, 0x7F_0000, 0)), Stimulus(Op(FUNCT3, ENGINE.DEPTHWISE, 0x1FF_0005, 3))]
    assert run_amaranth(PROJECT.make_cfu(), stimuli) == [0, 0]
    assert expected_results(PROJECT.make_cfu().specs(), stimuli) == [0, 0]
