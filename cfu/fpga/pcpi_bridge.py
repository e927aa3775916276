"""A bridge from PicoRV32's PCPI co-processor interface to the CFU bus, for CPUs without a CfuPlugin."""

from __future__ import annotations

from pathlib import Path

from amaranth import Cat, Module
from amaranth.back import verilog
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..files import write_if_changed
from ..gateware import CfuSignature

#: RISC-V custom-0 major opcode, the one CFU instructions use (docs/interfaces.md, "CPU-CFU interface").
CUSTOM0_OPCODE = 0b0001011

#: Name of the bridge's Verilog module.
MODULE_NAME = "pcpi_cfu_bridge"


class PcpiSignature(wiring.Signature):
    """PicoRV32's PCPI port as the co-processor sees it.

    Members
    -------
    valid : In(1)
        The CPU offers an instruction it does not implement; held until ``ready`` (or its 16-cycle timeout).
    insn, rs1, rs2 : In(32)
        The instruction word and its operands, stable while ``valid``.
    wr, rd : Out(1), Out(32)
        Write ``rd`` to the destination register; sampled with ``ready``.
    wait : Out(1)
        The co-processor has taken the instruction: stops the illegal-instruction timeout.
    ready : Out(1)
        The instruction is done.
    """

    def __init__(self):
        super().__init__({
            "valid": In(1), "insn": In(32), "rs1": In(32), "rs2": In(32),
            "wr": Out(1), "rd": Out(32), "wait": Out(1), "ready": Out(1),
        })


class PcpiCfuBridge(wiring.Component):
    """Issues custom-0 instructions offered on PCPI to a CFU and returns its answer.

    Other instructions (PicoRV32's own MUL/DIV co-processors answer those) are left alone, so that an
    unknown one still traps. The CFU's ``function_id`` is ``{funct7, funct3}`` of the instruction.
    The answer goes back in the cycle the CFU gives it (``rsp_valid``, zero latency allowed). PicoRV32
    drops ``valid`` in the cycle after ``ready`` and raises it again only after fetching the next
    instruction, so an instruction is issued once.

    Attributes
    ----------
    pcpi : Out(PcpiSignature())
        To PicoRV32's ``pcpi_*`` ports.
    cfu : In(CfuSignature())
        To the CFU's ports (the flipped CFU bus: the bridge drives ``cmd_*`` and ``rsp_ready``).
    """

    def __init__(self):
        super().__init__({"pcpi": Out(PcpiSignature()), "cfu": In(CfuSignature())})

    def elaborate(self, platform) -> Module:
        m = Module()
        pcpi, cfu = self.pcpi, self.cfu
        is_cfu = pcpi.valid & (pcpi.insn[:7] == CUSTOM0_OPCODE)
        answered = cfu.rsp_valid & cfu.rsp_ready
        m.d.comb += [
            cfu.cmd_payload_function_id.eq(Cat(pcpi.insn[12:15], pcpi.insn[25:32])),
            cfu.cmd_payload_inputs_0.eq(pcpi.rs1),
            cfu.cmd_payload_inputs_1.eq(pcpi.rs2),
            pcpi.rd.eq(cfu.rsp_payload_outputs_0),
            pcpi.wr.eq(pcpi.ready),
        ]
        with m.FSM():
            with m.State("ISSUE"):
                m.d.comb += [cfu.cmd_valid.eq(is_cfu), cfu.rsp_ready.eq(1), pcpi.wait.eq(is_cfu),
                             pcpi.ready.eq(is_cfu & cfu.cmd_ready & answered)]
                with m.If(is_cfu & cfu.cmd_ready & ~answered):
                    m.next = "WAIT"
            with m.State("WAIT"):
                m.d.comb += [cfu.rsp_ready.eq(1), pcpi.wait.eq(1), pcpi.ready.eq(answered)]
                with m.If(answered):
                    m.next = "ISSUE"
        return m


def bridge_verilog() -> str:
    """Verilog of module ``pcpi_cfu_bridge``: ports ``clk``, ``rst``, ``pcpi__*`` and ``cfu__*``."""
    return verilog.convert(PcpiCfuBridge(), name=MODULE_NAME, emit_src=False)


def write_bridge_verilog(path: Path) -> Path:
    """Write the bridge's Verilog to ``path`` (untouched when unchanged, so timestamps stay) and return it."""
    write_if_changed(path, bridge_verilog())
    return path
