"""Attach the simulation monitor (``rtl/sim_monitor.v``) to a simulated SoC."""

from __future__ import annotations

from pathlib import Path

from migen import ClockSignal, Instance, ResetSignal, Signal

from soc.soc import CfuSoC

MONITOR_VERILOG = Path(__file__).parent / "rtl" / "sim_monitor.v"
#: Read before the monitor in a PicoRV32 SoC.
PICORV32_DEFINE = Path(__file__).parent / "rtl" / "sim_monitor_picorv32.vh"


def add_monitor(soc: CfuSoC) -> None:
    """Watch the CFU bus and ``simctrl``; on VexRiscv, drive the CPU reset vector from the ``+reset_vector`` plusarg
    (PicoRV32's is a parameter: its SoC starts in main RAM).

    The CFU bus is VexRiscv's CfuPlugin port, or on PicoRV32 the PCPI bridge's side of it (``soc.pcpi_cfu``, from
    :func:`cfu.fpga.picorv32.add_pcpi_cfu`).
    """
    cpu = getattr(soc.cpu, "name", "vexriscv")
    if cpu == "picorv32":
        cfu = soc.pcpi_cfu
        bus = dict(i_cfu_cmd_valid=cfu["cmd_valid"], i_cfu_cmd_ready=cfu["cmd_ready"],
                   i_cfu_function_id=cfu["cmd_payload_function_id"], i_cfu_rsp_valid=cfu["rsp_valid"],
                   i_cfu_rsp_ready=cfu["rsp_ready"])
    else:
        cfu = soc.cpu.cfu_bus
        bus = dict(i_cfu_cmd_valid=cfu.cmd.valid, i_cfu_cmd_ready=cfu.cmd.ready,
                   i_cfu_function_id=cfu.cmd.payload.function_id, i_cfu_rsp_valid=cfu.rsp.valid,
                   i_cfu_rsp_ready=cfu.rsp.ready)
    reset_vector = Signal(32)
    soc.specials += Instance(
        "sim_monitor",
        i_clk=ClockSignal("sys"),
        i_reset=ResetSignal("sys"),
        **bus,
        i_exit_valid=soc.simctrl.exit_valid,
        i_exit_code=soc.simctrl.exit_code,
        o_reset_vector=reset_vector,
    )
    if cpu == "picorv32":
        soc.platform.add_source(str(PICORV32_DEFINE))
    else:
        soc.cpu.cpu_params.update(i_externalResetVector=reset_vector)
    soc.platform.add_source(str(MONITOR_VERILOG))
