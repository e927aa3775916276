"""The Fomu's small convolution engine (``SmallConvEngine``, funct3 1 of ``make_cfu("picorv32")``) on layer-like
data: memories filled the way the small kernels fill them, then DOT and DEPTHWISE over address corners (wrap-around,
counts 0 to 127, row steps), with TFLite-like multipliers and shifts, checked against the reference model in
Amaranth's simulator, in the Verilog through cocotb, and in the C emulation. Random operands alone (the generic
harness) rarely meet filled memories; these sequences do."""

import importlib.util
import random
from pathlib import Path

import pytest

from cfu.fwbuild.emulation import build_host_emulation, first_mismatch
from cfu.project import Project
from cfu.verify import Op, Stimulus, expected_results, run_amaranth, verify_amaranth, verify_verilog

PROJECT = Project.load(Path(__file__).resolve().parents[1])
CPU = "picorv32"


def _load_engine():
    """The project's cfu.py as a module, for its constants (sub-operations, memory sizes)."""
    spec = importlib.util.spec_from_file_location("kws_micro_small_cfu", PROJECT.root / "cfu.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


E = _load_engine()
FUNCT3 = E.SMALL_FUNCT3


def _ops(seed: int) -> list[tuple[int, int, int]]:
    """(funct7, in0, in1) of a layer-like session: parameters, streamed words, convolutions."""
    rng = random.Random(seed)
    word = lambda: rng.getrandbits(32)
    ops = [(E.S_SET_OUTPUT, rng.randrange(-128, 129) & 0x1FF, (-128 & 0xFF) | 127 << 8), (E.S_SET_ROW_STEP, 5, 0)]
    for channel in range(E.SMALL_CHANNELS):
        ops += [(E.S_WRITE_BIAS, channel, rng.randrange(-50000, 50000) & 0xFFFF_FFFF),
                (E.S_WRITE_MULTIPLIER, channel, rng.randrange(1 << 30, 1 << 31)),
                (E.S_WRITE_SHIFT, channel, rng.randrange(0, 14))]
    ops.append((E.S_SET_POINTERS, 1000 + seed, 1010))    # both wrap around
    ops += [(E.S_STREAM_INPUT, word(), word()) for _ in range(60)]
    ops += [(E.S_STREAM_FILTER, word(), word()) for _ in range(60)]
    ops.append((E.S_SET_POINTERS, rng.randrange(E.SMALL_INPUT_WORDS), rng.randrange(E.SMALL_FILTER_WORDS)))
    ops += [(E.S_STREAM_INPUT, word(), 0) for _ in range(40)] + [(E.S_STREAM_FILTER, word(), 0) for _ in range(80)]
    for count in (0, 1, 2, 16, 127):
        for start in (0, 1020, rng.randrange(E.SMALL_INPUT_WORDS)):
            filter_base = rng.choice((0, 1023, rng.randrange(E.SMALL_FILTER_WORDS)))
            ops.append((E.S_DOT, start | count << 16, filter_base | rng.randrange(E.SMALL_QUADS) << 16))
            ops.append((E.S_STREAM_INPUT, word(), 0))   # the pointer a convolution leaves
    for row_step in (5, 1020):
        ops.append((E.S_SET_ROW_STEP, row_step, 0))
        for start in (0, 1023, rng.randrange(E.SMALL_INPUT_WORDS)):
            ops.append((E.S_DEPTHWISE, start, rng.randrange(E.SMALL_FILTER_WORDS) | rng.randrange(E.SMALL_QUADS) << 16))
            ops.append((E.S_STREAM_FILTER, word(), 0))
    return ops


def _stimuli(ops, seed: int) -> list[Stimulus]:
    rng = random.Random(seed)
    return [Stimulus(Op(FUNCT3, f7, a, b), gap=rng.choice((0, 0, 1)), stall=rng.choice((0, 0, 2))) for f7, a, b in ops]


def test_layer_session_in_amaranth():
    verify_amaranth(PROJECT.make_cfu(CPU), _stimuli(_ops(0), 0))


def test_layer_session_with_cocotb(tmp_path):
    cfu = PROJECT.make_cfu(CPU)
    verilog = tmp_path / "cfu.v"
    cfu.write_verilog(verilog)
    verify_verilog(verilog, cfu.specs(), _stimuli(_ops(1), 1), tmp_path / "cocotb")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_layer_sessions_in_c_emulation(seed, tmp_path):
    spec = PROJECT.make_cfu(CPU).specs()[FUNCT3]
    mismatch = first_mismatch(build_host_emulation(PROJECT, tmp_path), spec.name, FUNCT3, spec.new_reference, _ops(seed))
    assert mismatch is None, str(mismatch)


def test_sessions_compute_nonzero_answers():
    """The sequences exercise the arithmetic: most convolutions answer something else than 0."""
    stimuli = _stimuli(_ops(0), 0)
    results = expected_results(PROJECT.make_cfu(CPU).specs(), stimuli)
    answers = [r for s, r in zip(stimuli, results) if s.op.funct7 in (E.S_DOT, E.S_DEPTHWISE)]
    assert sum(r != 0 for r in answers) > 0.8 * len(answers)


def test_convolution_before_any_parameter_answers_zero():
    """Misuse: a DOT or DEPTHWISE on a fresh engine answers the defined value 0 (no hang)."""
    stimuli = [Stimulus(Op(FUNCT3, E.S_DOT, 0x7F_0000, 0)), Stimulus(Op(FUNCT3, E.S_DEPTHWISE, 5, 3 << 16))]
    assert run_amaranth(PROJECT.make_cfu(CPU), stimuli) == [0, 0]
    assert expected_results(PROJECT.make_cfu(CPU).specs(), stimuli) == [0, 0]


def test_each_cpu_gets_its_own_cfu():
    """make_cfu(cpu): the big engine in slot 0 by default, the small one in slot 1 on the Fomu's PicoRV32."""
    assert PROJECT.cfu_cpus() == (None, CPU)
    assert [spec.name for spec in PROJECT.make_cfu().specs().values()] == ["ConvEngine"]
    assert {slot: spec.name for slot, spec in PROJECT.make_cfu(CPU).specs().items()} == {FUNCT3: "SmallConvEngine"}
