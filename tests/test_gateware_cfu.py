"""The CFU dispatcher: handshake, dispatch, unused slots, constructor checks, Verilog ports."""

import subprocess

import pytest
from amaranth import Module, Signal

from cfu.errors import CfuError
from cfu.gateware import UNUSED_SLOT_RESULT, Cfu, Instruction, VerilogCfu, cfu_verilog
from soc.cfu_ports import check_cfu_ports
from cfu.verify import Op, Stimulus, run_amaranth, verify_amaranth, verify_verilog
from cfu.verify.vectors import random_stimuli


class Echo(Instruction):
    """Answers in0 xor funct7 after ``latency`` cycles (0: combinationally)."""

    funct7_values = (0, 5, 127)

    def __init__(self, latency=0):
        self.latency = latency
        self.max_latency = latency
        super().__init__()

    def reference_model(self):
        return lambda funct7, in0, in1: in0 ^ funct7

    def elaborate(self, platform):
        m = Module()
        if self.latency == 0:
            m.d.comb += [self.done.eq(self.start), self.result.eq(self.in0 ^ self.funct7)]
            return m
        count = Signal(range(self.latency + 1))
        busy = Signal()
        with m.If(self.start):
            m.d.sync += [busy.eq(1), count.eq(self.latency - 1)]
        with m.Elif(busy & (count == 0)):
            m.d.sync += busy.eq(0)
            m.d.comb += [self.done.eq(1), self.result.eq(self.in0 ^ self.funct7)]
        with m.Elif(busy):
            m.d.sync += count.eq(count - 1)
        return m


def test_unused_slot_answers_at_once():
    cfu = Cfu({0: Echo()})
    stimuli = [Stimulus(Op(slot, 3, 0x1234, 0x5678)) for slot in range(1, 8)]
    assert run_amaranth(cfu, stimuli) == [UNUSED_SLOT_RESULT] * 7


def test_zero_latency_answers_in_issue_cycle():
    cfu = Cfu({0: Echo(latency=0)})
    verify_amaranth(cfu, [Stimulus(Op(0, 5, 0xFFFF_0000, 0)) for _ in range(4)])


@pytest.mark.parametrize("latency", [0, 1, 7])
def test_back_pressure_gaps_and_mixed_latencies(latency):
    cfu = Cfu({0: Echo(latency=0), 3: Echo(latency=latency)})
    verify_amaranth(cfu, random_stimuli(cfu.specs(), 200, seed=latency))


def test_mixed_latencies_in_verilog(tmp_path):
    cfu = Cfu({0: Echo(latency=0), 3: Echo(latency=4)})
    cfu.write_verilog(tmp_path / "cfu.v")
    verify_verilog(tmp_path / "cfu.v", cfu.specs(), random_stimuli(cfu.specs(), 200, seed=1), tmp_path / "sim")


@pytest.mark.parametrize("slot", [-1, 8, "0"])
def test_slot_out_of_range_is_refused(slot):
    with pytest.raises(CfuError, match="slot"):
        Cfu({slot: Echo()})


def test_non_instruction_is_refused():
    with pytest.raises(CfuError, match="expected a cfu.gateware.Instruction"):
        Cfu({0: object()})


def test_generated_verilog_has_exactly_the_cfu_ports(tmp_path):
    path = tmp_path / "Cfu.v"
    path.write_text(cfu_verilog(Cfu({0: Echo(), 1: Echo(latency=2)})))
    check_cfu_ports(path)
    # Yosys' output trips only Verilator's style warnings about widths and incomplete cases.
    lint = subprocess.run(["verilator", "--lint-only", "-Wno-WIDTH", "-Wno-CASEINCOMPLETE", str(path)],
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stderr


def test_verilog_cfu_checks_ports_when_written(tmp_path):
    source = tmp_path / "cfu.v"
    source.write_text("module Cfu(input clk);\nendmodule\n")
    with pytest.raises(CfuError, match="no port 'reset'"):
        VerilogCfu(source, {}).write_verilog(tmp_path / "out.v")
