"""Digilent Arty A7-35T: VexRiscv ``full+cfu`` at 100 MHz, LiteX BIOS in ROM, UART on the FTDI (``/dev/ttyUSB1``).

Main RAM is block RAM (128 KiB) for now; the board's DDR3 (LiteDRAM) is a later addition.
"""

from __future__ import annotations

from pathlib import Path

from litex.build.generic_platform import IOStandard, Pins, Subsignal
from litex.build.xilinx import XilinxPlatform
from litex.soc.cores.clock import S7PLL

from soc.board import VEXRISCV, Board, Device, OpenFpgaLoader
from soc.crg import PllCrg
from soc.soc import CfuSoC

SYS_CLK_FREQ = 100_000_000
MAIN_RAM_SIZE = 128 * 1024
ROM_SIZE = 32 * 1024

_IO = [
    ("clk100", 0, Pins("E3"), IOStandard("LVCMOS33")),
    ("cpu_reset", 0, Pins("C2"), IOStandard("LVCMOS33")),
    ("serial", 0,
        Subsignal("tx", Pins("D10")),
        Subsignal("rx", Pins("A9")),
        IOStandard("LVCMOS33"),
    ),
]


class Platform(XilinxPlatform):
    default_clk_name = "clk100"
    default_clk_period = 1e9 / 100e6

    def __init__(self, toolchain: str = "vivado") -> None:
        XilinxPlatform.__init__(self, "xc7a35ticsg324-1L", list(_IO), toolchain=toolchain)


def make_soc(cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None) -> CfuSoC:
    """The Arty SoC: boots the LiteX BIOS, which serial-boots firmware into main RAM."""
    platform = Platform()
    crg = PllCrg(S7PLL(speedgrade=-1), platform.request("clk100"), 100e6, SYS_CLK_FREQ,
                 reset=~platform.request("cpu_reset"))
    soc = CfuSoC(platform, SYS_CLK_FREQ, cfu_verilog, rom_size=ROM_SIZE, reset_address=0)
    soc.crg = crg
    soc.add_integrated_main_ram(MAIN_RAM_SIZE)
    return soc


BOARD = Board(
    name="digilent_arty",
    title="Arty",
    aliases=("arty",),
    device=Device("xilinx", "xc7a35ticsg324-1L", "xc7a35ticsg324-1L", "csg324", "LUT", "LUT",
                  {"logic": 20800, "ff": 41600, "bram": 50, "dsp": 90, "spram": 0}),
    sys_clk_freq=SYS_CLK_FREQ,
    main_ram_size=MAIN_RAM_SIZE,
    rom_size=ROM_SIZE,
    serial_port="/dev/ttyUSB1",
    programmer=OpenFpgaLoader("arty"),
    make_soc=make_soc,
)
