"""Attach the simulation monitor (``rtl/sim_monitor.v``) to a simulated SoC."""

from __future__ import annotations

from pathlib import Path

from migen import ClockSignal, Instance, ResetSignal, Signal

from soc.soc import CfuSoC

MONITOR_VERILOG = Path(__file__).parent / "rtl" / "sim_monitor.v"


def add_monitor(soc: CfuSoC) -> None:
    """Watch the CFU bus and ``simctrl``, and drive the CPU reset vector from the ``+reset_vector`` plusarg."""
    reset_vector = Signal(32)
    cfu = soc.cpu.cfu_bus
    soc.specials += Instance(
        "sim_monitor",
        i_clk=ClockSignal("sys"),
        i_reset=ResetSignal("sys"),
        i_cfu_cmd_valid=cfu.cmd.valid,
        i_cfu_cmd_ready=cfu.cmd.ready,
        i_cfu_function_id=cfu.cmd.payload.function_id,
        i_cfu_rsp_valid=cfu.rsp.valid,
        i_cfu_rsp_ready=cfu.rsp.ready,
        i_exit_valid=soc.simctrl.exit_valid,
        i_exit_code=soc.simctrl.exit_code,
        o_reset_vector=reset_vector,
    )
    soc.cpu.cpu_params.update(i_externalResetVector=reset_vector)
    soc.platform.add_source(str(MONITOR_VERILOG))
