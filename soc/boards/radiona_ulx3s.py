"""Radiona ULX3S (ECP5 LFE5U-85F): VexRiscv ``full+cfu`` at 30 MHz (its measured Fmax here is about 36 MHz), LiteX BIOS in ROM, UART on the FTDI.

Main memory is the board's 32 MB SDR SDRAM (Micron MT48LC16M16, litex-boards' default module; some revisions carry
64 MB) through LiteDRAM: the generic SDR PHY (``GENSDRPHY``, one DFI phase, the SDRAM at the system clock, its
clock pin driven from a copy of ``sys`` shifted by 90 degrees) and LiteX's 8 KiB L2 cache, as litex-boards'
ULX3S target builds it. Firmware, the model's weights and its arena all live there (the integrated 8 KiB SRAM is
the BIOS's). The simulation SoC is the same SoC with the SDRAM chip modelled (its geometry and timings) behind a
PHY model with the GENSDRPHY's latencies.
"""

from __future__ import annotations

from pathlib import Path

from migen import ClockSignal

from litedram.modules import MT48LC16M16
from litedram.phy import GENSDRPHY
from litex.build.generic_platform import IOStandard, Misc, Pins, Subsignal
from litex.build.io import DDROutput
from litex.build.lattice import LatticePlatform
from litex.soc.cores.clock import ECP5PLL

from soc.board import ROLES, VEXRISCV, Board, Device, MemoryRegion, OpenFpgaLoader
from soc.crg import PllCrg
from soc.soc import CfuSoC
from soc.targets.sim import SimulatedSoC

SYS_CLK_FREQ = 30_000_000
MAIN_RAM_SIZE = 32 * 1024 * 1024
ROM_SIZE = 32 * 1024
L2_CACHE_SIZE = 8192

_IO = [
    ("clk25", 0, Pins("G2"), IOStandard("LVCMOS33")),
    ("rst", 0, Pins("R1"), IOStandard("LVCMOS33")),
    ("serial", 0,
        Subsignal("tx", Pins("L4")),
        Subsignal("rx", Pins("M1")),
        IOStandard("LVCMOS33"),
    ),
    ("sdram_clock", 0, Pins("F19"), IOStandard("LVCMOS33")),
    ("sdram", 0,
        Subsignal("a", Pins("M20 M19 L20 L19 K20 K19 K18 J20 J19 H20 N19 G20 G19")),
        Subsignal("dq", Pins("J16 L18 M18 N18 P18 T18 T17 U20 E19 D20 D19 C20 E18 F18 J18 J17")),
        Subsignal("we_n", Pins("T20")),
        Subsignal("ras_n", Pins("R20")),
        Subsignal("cas_n", Pins("T19")),
        Subsignal("cs_n", Pins("P20")),
        Subsignal("cke", Pins("F20")),
        Subsignal("ba", Pins("P19 N20")),
        Subsignal("dm", Pins("U19 E20")),
        IOStandard("LVCMOS33"),
        Misc("SLEWRATE=FAST"),
    ),
]


class Platform(LatticePlatform):
    default_clk_name = "clk25"
    default_clk_period = 1e9 / 25e6

    def __init__(self, device: str = "LFE5U-85F", toolchain: str = "trellis") -> None:
        LatticePlatform.__init__(self, f"{device}-6BG381C", list(_IO), toolchain=toolchain)


def dram_module() -> MT48LC16M16:
    """The ULX3S's SDRAM chip, its timings at the system clock (full rate)."""
    return MT48LC16M16(SYS_CLK_FREQ, "1:1")


def dram_phy(platform: Platform) -> GENSDRPHY:
    """The generic SDR PHY on the board's ``sdram`` pins."""
    return GENSDRPHY(platform.request("sdram"), SYS_CLK_FREQ)


def make_soc(cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None) -> CfuSoC:
    """The ULX3S SoC: boots the LiteX BIOS, which initialises the SDRAM and serial-boots firmware into it."""
    platform = Platform()
    crg = PllCrg(ECP5PLL(), platform.request("clk25"), 25e6, SYS_CLK_FREQ, reset=~platform.request("rst"),
                 more_clocks=(("sys_ps", SYS_CLK_FREQ, 90),))
    crg.specials += DDROutput(1, 0, platform.request("sdram_clock"), ClockSignal("sys_ps"))
    soc = CfuSoC(platform, SYS_CLK_FREQ, cfu_verilog, rom_size=ROM_SIZE, reset_address=0)
    soc.crg = crg
    soc.sdrphy = dram_phy(platform)
    soc.add_sdram("sdram", phy=soc.sdrphy, module=dram_module(), l2_cache_size=L2_CACHE_SIZE)
    return soc


def make_sim_soc(cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None) -> SimulatedSoC:
    """The ULX3S SoC for Verilator: the SDRAM modelled behind a PHY model with the GENSDRPHY's settings."""
    soc = SimulatedSoC(cfu_verilog, sys_clk_freq=SYS_CLK_FREQ, rom_size=ROM_SIZE)
    soc.add_sdram_model(dram_module(), dram_phy(Platform()).settings, L2_CACHE_SIZE)
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
    make_sim_soc=make_sim_soc,
    memory=(MemoryRegion("main_ram", MAIN_RAM_SIZE, ROLES, "SDRAM MT48LC16M16 via LiteDRAM, 8 KiB L2"),),
)
