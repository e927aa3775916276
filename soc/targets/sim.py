"""Simulation target: the SoC as LiteX's Verilator simulator drives it (stream UART, 16 MiB main RAM).

ROM and main RAM get a one-word placeholder content so that the generated Verilog loads both from
``$readmemh`` files at run time: the simulator swaps firmware (and the BIOS) by rewriting those files.
"""

from __future__ import annotations

from pathlib import Path

from litex.build.generic_platform import Pins, Subsignal
from litex.build.io import CRG
from litex.build.sim import SimPlatform

from soc.soc import MAIN_RAM_BASE, CfuSoC

SYS_CLK_FREQ = 1_000_000
MAIN_RAM_SIZE = 16 * 1024 * 1024
ROM_SIZE = 64 * 1024
BOOT_MODES = ("ram", "bios")


def _io() -> list:
    return [
        ("sys_clk", 0, Pins(1)),
        ("serial", 0,
            Subsignal("source_valid", Pins(1)),
            Subsignal("source_ready", Pins(1)),
            Subsignal("source_data", Pins(8)),
            Subsignal("sink_valid", Pins(1)),
            Subsignal("sink_ready", Pins(1)),
            Subsignal("sink_data", Pins(8)),
        ),
    ]


class SimSoC(CfuSoC):
    """The simulated SoC.

    Parameters
    ----------
    cfu_verilog : Path
        Verilog of module ``Cfu``.
    boot : str
        ``"ram"``: the CPU resets into main RAM (firmware preloaded, no BIOS);
        ``"bios"``: it resets into the ROM (used to build the LiteX BIOS for this SoC).
    """

    def __init__(self, cfu_verilog: Path, boot: str = "ram") -> None:
        if boot not in BOOT_MODES:
            raise ValueError(f"boot must be one of {BOOT_MODES}, not {boot!r}")
        platform = SimPlatform("SIM", _io(), name="sim")
        self.crg = CRG(platform.request("sys_clk"))
        CfuSoC.__init__(
            self, platform, SYS_CLK_FREQ, cfu_verilog,
            rom_size=ROM_SIZE,
            rom_init=[0] if boot == "ram" else [],
            reset_address=MAIN_RAM_BASE if boot == "ram" else 0,
            uart_name="sim",
        )
        self.add_integrated_main_ram(MAIN_RAM_SIZE, init=[0])
        self.add_simctrl()
        self.comb += platform.trace.eq(1)


def make_soc(cfu_verilog: Path) -> SimSoC:
    """The simulated SoC booting firmware preloaded in main RAM."""
    return SimSoC(cfu_verilog)
