"""The harness must fail on broken CFUs: wrong answers, hangs, operands read after the handshake."""

from pathlib import Path

import pytest
from amaranth import Module

from cfu.gateware import Cfu, Instruction, InstructionSpec, MASK32, VerilogCfu
from cfu.verify import CfuMismatch, random_stimuli, standard_stimuli, verify_amaranth, verify_verilog

DATA = Path(__file__).parent / "data" / "verilog_cfu"


def _add_model():
    return lambda funct7, in0, in1: (in0 + in1) & MASK32


class WrongOnNegativeAdd(Instruction):
    """An adder that is off by one whenever in0 is negative."""

    def reference_model(self):
        return _add_model()

    def elaborate(self, platform):
        m = Module()
        m.d.comb += [self.done.eq(self.start), self.result.eq(self.in0 + self.in1 + self.in0[31])]
        return m


class NeverDone(Instruction):
    """Accepts the command and never raises done."""

    max_latency = 10

    def reference_model(self):
        return _add_model()

    def elaborate(self, platform):
        return Module()


@pytest.fixture
def broken_cfus():
    return {"wrong": Cfu({0: WrongOnNegativeAdd()}), "hang": Cfu({0: NeverDone()})}


def test_amaranth_catches_a_wrong_answer(broken_cfus):
    cfu = broken_cfus["wrong"]
    with pytest.raises(CfuMismatch, match=r"\[amaranth\] WrongOnNegativeAdd \(funct3=0, funct7=0\) "
                                          r"in0=0x8000000\d .*expected 0x[0-9a-f]{8}, got 0x[0-9a-f]{8}"):
        verify_amaranth(cfu, standard_stimuli(cfu.specs(), 0))


def test_cocotb_catches_a_wrong_answer(broken_cfus, tmp_path):
    cfu = broken_cfus["wrong"]
    cfu.write_verilog(tmp_path / "cfu.v")
    with pytest.raises(CfuMismatch, match=r"\[cocotb/icarus\] WrongOnNegativeAdd .* expected"):
        verify_verilog(tmp_path / "cfu.v", cfu.specs(), standard_stimuli(cfu.specs(), 0), tmp_path / "sim")


def test_amaranth_names_a_hung_instruction(broken_cfus):
    cfu = broken_cfus["hang"]
    with pytest.raises(CfuMismatch, match=r"NeverDone \(funct3=0, funct7=0\).*no answer within 14 cycles"):
        verify_amaranth(cfu, standard_stimuli(cfu.specs(), 0))


def test_cocotb_names_a_hung_instruction(broken_cfus, tmp_path):
    cfu = broken_cfus["hang"]
    cfu.write_verilog(tmp_path / "cfu.v")
    with pytest.raises(CfuMismatch, match=r"\[cocotb/icarus\] NeverDone .*no answer within 14 cycles"):
        verify_verilog(tmp_path / "cfu.v", cfu.specs(), standard_stimuli(cfu.specs(), 0), tmp_path / "sim")


def _verilog_cfu(source: Path, max_latency=4) -> VerilogCfu:
    return VerilogCfu(source, {slot: InstructionSpec("add", _add_model, (0, 1), max_latency) for slot in range(8)})


def test_hand_written_verilog_cfu_passes(tmp_path):
    cfu = _verilog_cfu(DATA / "registered_add.v")
    cfu.write_verilog(tmp_path / "cfu.v")
    verify_verilog(tmp_path / "cfu.v", cfu.specs(), random_stimuli(cfu.specs(), 300, seed=3), tmp_path / "sim")


def test_cocotb_catches_operands_read_after_the_handshake(tmp_path):
    late = tmp_path / "late.v"
    late.write_text("`define LATE_OPERANDS\n" + (DATA / "registered_add.v").read_text())
    cfu = _verilog_cfu(late)
    with pytest.raises(CfuMismatch, match=r"add \(funct3=\d, funct7=\d\).*expected"):
        verify_verilog(late, cfu.specs(), random_stimuli(cfu.specs(), 50, seed=4), tmp_path / "sim")


def test_cocotb_names_a_verilog_cfu_that_never_answers(tmp_path):
    silent = Path(__file__).parent / "verilog" / "cfu_silent.v"
    cfu = _verilog_cfu(silent, max_latency=6)
    with pytest.raises(CfuMismatch, match=r"add \(funct3=\d, funct7=\d\).*no answer within \d+ cycles"):
        verify_verilog(silent, cfu.specs(), random_stimuli(cfu.specs(), 5, seed=5), tmp_path / "sim")
