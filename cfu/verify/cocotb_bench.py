"""cocotb test module: drives the generated ``Cfu`` Verilog with vectors from a JSON file.

Run through :func:`cfu.verify.cocotb_sim.run_cocotb`, which passes the file names in the environment
and checks the answers against the reference models in the calling process.
"""

import json
import os

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import RisingEdge, Timer

from cfu.verify.driver import CfuHang, CfuProtocolError, drive
from cfu.verify.vectors import Op, Stimulus
from cfu.gateware.instruction import InstructionSpec

CLOCK_NS = 10


class _CocotbBus:
    def __init__(self, dut):
        self._dut = dut
        self._unsettled = True

    def set(self, name: str, value: int) -> None:
        getattr(self._dut, name).value = value
        self._unsettled = True

    async def get(self, name: str) -> int:
        if self._unsettled:
            await Timer(1, unit="ns")
            self._unsettled = False
        value = getattr(self._dut, name).value
        try:
            return int(value)
        except ValueError:
            raise CfuProtocolError(-1, None, f"{name} is {value}, not a defined value") from None

    async def tick(self) -> None:
        await RisingEdge(self._dut.clk)
        await Timer(1, unit="ns")
        self._unsettled = False


@cocotb.test()
async def run_vectors(dut):
    """Issue the vectors, write the answers (or the hang) to the results file."""
    with open(os.environ["CFU_VECTORS"]) as file:
        job = json.load(file)
    stimuli = [Stimulus(Op(*s["op"]), s["gap"], s["stall"]) for s in job["stimuli"]]
    specs = {int(slot): InstructionSpec(name, new_reference=None, max_latency=latency)
             for slot, (name, latency) in job["specs"].items()}

    cocotb.start_soon(Clock(dut.clk, CLOCK_NS, unit="ns").start())
    dut.cmd_valid.value = 0
    dut.rsp_ready.value = 0
    dut.reset.value = 1
    for _ in range(2):
        await RisingEdge(dut.clk)
    await Timer(1, unit="ns")
    dut.reset.value = 0

    outcome: dict = {}
    try:
        outcome["results"] = await drive(_CocotbBus(dut), stimuli, specs)
    except CfuHang as hang:
        outcome["hang"] = {"index": hang.index, "cycles": hang.cycles}
    except CfuProtocolError as error:
        outcome["protocol"] = {"index": error.index, "what": error.what}
    with open(os.environ["CFU_RESULTS"], "w") as file:
        json.dump(outcome, file)
