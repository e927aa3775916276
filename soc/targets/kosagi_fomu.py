"""Kosagi Fomu (iCE40UP5K): VexRiscv ``full+cfu`` at 12 MHz, 128 KiB SPRAM main RAM, UART on touch pads 1/2.

The UP5K's block RAM cannot hold the LiteX BIOS beside VexRiscv's caches, so there is no ROM: firmware is
loaded with the bitstream through Fomu's DFU bootloader (``dfu-util``), not by serial boot.
"""

from __future__ import annotations

from pathlib import Path

from migen import ClockDomain, If, Signal

from litex.build.generic_platform import IOStandard, Pins, Subsignal
from litex.build.lattice import LatticePlatform
from litex.gen import LiteXModule
from litex.soc.cores.ram.lattice_ice40 import Up5kSPRAM
from litex.soc.integration.soc import SoCRegion

from soc.soc import MAIN_RAM_BASE, CfuSoC

SYS_CLK_FREQ = 12_000_000
MAIN_RAM_SIZE = 128 * 1024
#: USB vendor:product of Fomu's DFU bootloader (foboot).
DFU_DEVICE = "1209:5bf0"

_IO = [
    ("clk48", 0, Pins("F4"), IOStandard("LVCMOS33")),
    ("serial", 0,
        Subsignal("tx", Pins("E4")),
        Subsignal("rx", Pins("D5")),
        IOStandard("LVCMOS33"),
    ),
]


class Platform(LatticePlatform):
    default_clk_name = "clk48"
    default_clk_period = 1e9 / 48e6

    def __init__(self, toolchain: str = "icestorm") -> None:
        LatticePlatform.__init__(self, "ice40-up5k-uwg30", list(_IO), toolchain=toolchain)


class Crg(LiteXModule):
    """``sys`` = 48 MHz / 4 (the iCE40 PLL cannot go below 16 MHz), held in reset for 255 cycles at power-on."""

    def __init__(self, clk48: Signal) -> None:
        self.cd_sys = ClockDomain()
        self.cd_clk48 = ClockDomain(reset_less=True)
        divider = Signal(2)
        power_on = Signal(8, reset=255)
        self.comb += [
            self.cd_clk48.clk.eq(clk48),
            self.cd_sys.clk.eq(divider[1]),
            self.cd_sys.rst.eq(power_on != 0),
        ]
        self.sync.clk48 += [
            divider.eq(divider + 1),
            If(power_on != 0, power_on.eq(power_on - 1)),
        ]


def make_soc(cfu_verilog: Path) -> CfuSoC:
    """The Fomu SoC: the CPU starts in main RAM (SPRAM)."""
    platform = Platform()
    crg = Crg(platform.request("clk48"))
    soc = CfuSoC(platform, SYS_CLK_FREQ, cfu_verilog, rom_size=0, sram_size=0, reset_address=MAIN_RAM_BASE)
    soc.crg = crg
    soc.spram = Up5kSPRAM(size=MAIN_RAM_SIZE)
    soc.bus.add_slave("main_ram", soc.spram.bus, SoCRegion(origin=MAIN_RAM_BASE, size=MAIN_RAM_SIZE, mode="rwx"))
    return soc
