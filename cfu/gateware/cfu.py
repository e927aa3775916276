"""The CFU top: the VexRiscv CfuPlugin handshake and funct3 dispatch to instructions."""

from amaranth import Module, Mux, Signal
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..errors import CfuError
from .instruction import Instruction, InstructionSpec

__all__ = ["CfuSignature", "Cfu", "UNUSED_SLOT_RESULT"]

#: What an instruction slot with no instruction answers, at once.
UNUSED_SLOT_RESULT = 0


class CfuSignature(wiring.Signature):
    """The CPU-facing bus of a CFU, as VexRiscv's CfuPlugin drives it (docs/interfaces.md,
    "CPU-CFU interface").

    Members
    -------
    cmd_valid, cmd_ready : In(1), Out(1)
        Instruction issue handshake.
    cmd_payload_function_id : In(10)
        ``{funct7, funct3}``.
    cmd_payload_inputs_0, cmd_payload_inputs_1 : In(32)
        rs1 and rs2, valid in the handshake cycle only.
    rsp_valid, rsp_ready : Out(1), In(1)
        Result handshake, in issue order.
    rsp_payload_outputs_0 : Out(32)
        The result written to rd.
    """

    def __init__(self):
        super().__init__({
            "cmd_valid": In(1),
            "cmd_ready": Out(1),
            "cmd_payload_function_id": In(10),
            "cmd_payload_inputs_0": In(32),
            "cmd_payload_inputs_1": In(32),
            "rsp_valid": Out(1),
            "rsp_ready": In(1),
            "rsp_payload_outputs_0": Out(32),
        })


class Cfu(wiring.Component):
    """A Custom Function Unit built from up to eight instructions, selected by funct3.

    The dispatcher latches funct7 and the operands at the command handshake and holds them
    for the instruction until it answers. It accepts one instruction at a time: ``cmd_ready``
    is low while an instruction runs or while its result waits for ``rsp_ready``. An instruction
    that answers in its start cycle is answered in the same cycle (zero latency).
    A slot with no instruction answers :data:`UNUSED_SLOT_RESULT` at once, so it never hangs the CPU.

    Parameters
    ----------
    instructions : dict of int to Instruction
        funct3 slot (0-7) to instruction.
    """

    def __init__(self, instructions: dict[int, Instruction]):
        for slot, instruction in instructions.items():
            if not isinstance(slot, int) or not 0 <= slot <= 7:
                raise CfuError(f"instruction slot {slot!r} is out of range: funct3 slots are 0 to 7")
            if not isinstance(instruction, Instruction):
                raise CfuError(
                    f"slot {slot}: expected a cfu.gateware.Instruction, got {type(instruction).__name__}")
        self.instructions = dict(sorted(instructions.items()))
        super().__init__(CfuSignature())

    def specs(self) -> dict[int, InstructionSpec]:
        """funct3 to what verification needs to know of each instruction."""
        return {slot: instruction.spec() for slot, instruction in self.instructions.items()}

    def write_verilog(self, path) -> None:
        """Write this CFU as Verilog module ``Cfu`` with the ports of docs/interfaces.md, "CPU-CFU interface"."""
        from .verilog import write_cfu_verilog
        write_cfu_verilog(self, path)

    def elaborate(self, platform):
        m = Module()

        accept = Signal()
        funct3 = Signal(3)
        held_funct3 = Signal(3)
        held_funct7 = Signal(7)
        held_in0 = Signal(32)
        held_in1 = Signal(32)
        held_result = Signal(32)
        done = Signal()
        result = Signal(32)

        m.d.comb += accept.eq(self.cmd_valid & self.cmd_ready)
        m.d.comb += funct3.eq(Mux(accept, self.cmd_payload_function_id[:3], held_funct3))
        with m.If(accept):
            m.d.sync += [
                held_funct3.eq(self.cmd_payload_function_id[:3]),
                held_funct7.eq(self.cmd_payload_function_id[3:]),
                held_in0.eq(self.cmd_payload_inputs_0),
                held_in1.eq(self.cmd_payload_inputs_1),
            ]

        for slot, instruction in self.instructions.items():
            m.submodules[f"slot{slot}_{instruction.name}"] = instruction
            m.d.comb += [
                instruction.start.eq(accept & (self.cmd_payload_function_id[:3] == slot)),
                instruction.funct7.eq(Mux(accept, self.cmd_payload_function_id[3:], held_funct7)),
                instruction.in0.eq(Mux(accept, self.cmd_payload_inputs_0, held_in0)),
                instruction.in1.eq(Mux(accept, self.cmd_payload_inputs_1, held_in1)),
            ]

        with m.Switch(funct3):
            for slot, instruction in self.instructions.items():
                with m.Case(slot):
                    m.d.comb += [done.eq(instruction.done), result.eq(instruction.result)]
            with m.Default():
                m.d.comb += [done.eq(1), result.eq(UNUSED_SLOT_RESULT)]

        with m.FSM():
            with m.State("IDLE"):
                m.d.comb += self.cmd_ready.eq(1)
                with m.If(accept & done):
                    self._respond(m, result, held_result)
                with m.Elif(accept):
                    m.next = "BUSY"
            with m.State("BUSY"):
                with m.If(done):
                    self._respond(m, result, held_result)
            with m.State("HOLD"):
                m.d.comb += [self.rsp_valid.eq(1), self.rsp_payload_outputs_0.eq(held_result)]
                with m.If(self.rsp_ready):
                    m.next = "IDLE"
        return m

    def _respond(self, m, result, held_result):
        """Pass a fresh result straight to the CPU, or hold it while ``rsp_ready`` is low."""
        m.d.comb += [self.rsp_valid.eq(1), self.rsp_payload_outputs_0.eq(result)]
        with m.If(self.rsp_ready):
            m.next = "IDLE"
        with m.Else():
            m.d.sync += held_result.eq(result)
            m.next = "HOLD"
