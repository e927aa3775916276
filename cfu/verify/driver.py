"""The CPU side of the CFU bus, written once for every simulator.

A simulator provides a :class:`Bus`: set an input, read a settled output, advance one clock.
"""

from dataclasses import dataclass
from typing import Protocol

from ..gateware.instruction import MASK32, InstructionSpec
from .vectors import Stimulus

__all__ = ["Bus", "CfuHang", "CfuProtocolError", "drive", "latency_limit"]

#: Cycles granted beyond an instruction's declared ``max_latency`` before it counts as hung.
LATENCY_SLACK = 4


class Bus(Protocol):
    def set(self, name: str, value: int) -> None: ...
    async def get(self, name: str) -> int: ...
    async def tick(self) -> None: ...


@dataclass
class CfuHang(Exception):
    """The CFU did not answer an operation within its latency limit."""

    index: int
    stimulus: Stimulus
    cycles: int


@dataclass
class CfuProtocolError(Exception):
    """The CFU broke the handshake (an answer with no command outstanding)."""

    index: int
    stimulus: Stimulus
    what: str


def latency_limit(specs: dict[int, InstructionSpec], stimulus: Stimulus) -> int:
    """Cycles to wait for an answer to ``stimulus`` before declaring a hang."""
    spec = specs.get(stimulus.op.funct3)
    return (spec.max_latency if spec else 0) + stimulus.stall + LATENCY_SLACK


async def drive(bus: Bus, stimuli: list[Stimulus], specs: dict[int, InstructionSpec]) -> list[int]:
    """Issue every stimulus as VexRiscv would and return the answers in order.

    After a command is accepted its payload is replaced by its complement, so a CFU that reads
    operands after the handshake instead of latching them gives wrong answers.
    """
    results = []
    bus.set("cmd_valid", 0)
    bus.set("rsp_ready", 1)
    for index, stimulus in enumerate(stimuli):
        op = stimulus.op
        bus.set("cmd_valid", 0)
        for _ in range(stimulus.gap):
            if await bus.get("rsp_valid"):
                raise CfuProtocolError(index, stimulus, "rsp_valid is high with no command outstanding")
            await bus.tick()
        bus.set("cmd_valid", 1)
        bus.set("cmd_payload_function_id", op.funct7 << 3 | op.funct3)
        bus.set("cmd_payload_inputs_0", op.in0)
        bus.set("cmd_payload_inputs_1", op.in1)
        issued = False
        stall = stimulus.stall
        limit = latency_limit(specs, stimulus)
        for cycle in range(limit + 1):
            bus.set("rsp_ready", int(stall == 0))
            if not issued:
                issued = bool(await bus.get("cmd_ready"))
                if not issued and await bus.get("rsp_valid"):
                    raise CfuProtocolError(index, stimulus, "rsp_valid is high before the command was accepted")
            if issued and stall == 0 and await bus.get("rsp_valid"):
                results.append(await bus.get("rsp_payload_outputs_0"))
                await bus.tick()
                break
            await bus.tick()
            if issued:
                bus.set("cmd_valid", 0)
                bus.set("cmd_payload_inputs_0", ~op.in0 & MASK32)
                bus.set("cmd_payload_inputs_1", ~op.in1 & MASK32)
            stall = max(stall - 1, 0)
        else:
            raise CfuHang(index, stimulus, limit)
    bus.set("cmd_valid", 0)
    return results
