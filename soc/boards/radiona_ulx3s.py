"""Radiona ULX3S (ECP5 LFE5U-85F): VexRiscv ``full+cfu`` at 30 MHz (its measured Fmax here is about 36 MHz), LiteX BIOS in ROM, UART on the FTDI.

Main RAM is block RAM (256 KiB) for now; the board's SDRAM (LiteDRAM) is a later addition.
"""

from __future__ import annotations

from pathlib import Path

from litex.build.generic_platform import IOStandard, Pins, Subsignal
from litex.build.lattice import LatticePlatform
from litex.soc.cores.clock import ECP5PLL

from soc.board import VEXRISCV, Board, Device, OpenFpgaLoader
from soc.crg import PllCrg
from soc.soc import CfuSoC

SYS_CLK_FREQ = 30_000_000
MAIN_RAM_SIZE = 256 * 1024
ROM_SIZE = 32 * 1024

_IO = [
    ("clk25", 0, Pins("G2"), IOStandard("LVCMOS33")),
    ("rst", 0, Pins("R1"), IOStandard("LVCMOS33")),
    ("serial", 0,
        Subsignal("tx", Pins("L4")),
        Subsignal("rx", Pins("M1")),
        IOStandard("LVCMOS33"),
    ),
]


class Platform(LatticePlatform):
    default_clk_name = "clk25"
    default_clk_period = 1e9 / 25e6

    def __init__(self, device: str = "LFE5U-85F", toolchain: str = "trellis") -> None:
        LatticePlatform.__init__(self, f"{device}-6BG381C", list(_IO), toolchain=toolchain)


def make_soc(cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None) -> CfuSoC:
    """The ULX3S SoC: boots the LiteX BIOS, which serial-boots firmware into main RAM."""
    platform = Platform()
    crg = PllCrg(ECP5PLL(), platform.request("clk25"), 25e6, SYS_CLK_FREQ, reset=~platform.request("rst"))
    soc = CfuSoC(platform, SYS_CLK_FREQ, cfu_verilog, rom_size=ROM_SIZE, reset_address=0)
    soc.crg = crg
    soc.add_integrated_main_ram(MAIN_RAM_SIZE)
    return soc


BOARD = Board(
    name="radiona_ulx3s",
    title="ULX3S",
    aliases=("ulx3s", "ecp5"),
    device=Device("ecp5", "LFE5U-85F-6BG381C", "85k", "CABGA381", "LUT4", "LUT4",
                  {"logic": 83640, "ff": 83640, "bram": 208, "dsp": 156, "spram": 0}),
    sys_clk_freq=SYS_CLK_FREQ,
    main_ram_size=MAIN_RAM_SIZE,
    rom_size=ROM_SIZE,
    serial_port="/dev/ttyUSB0",
    programmer=OpenFpgaLoader("ulx3s"),
    make_soc=make_soc,
)
