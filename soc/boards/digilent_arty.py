"""Digilent Arty A7-35T: VexRiscv ``full+cfu`` at 100 MHz, LiteX BIOS in ROM, UART on the FTDI (``/dev/ttyUSB1``).

Main memory is the board's 256 MB DDR3 (Micron MT41K128M16, 16 bits wide) through LiteDRAM: the 7-series PHY
(``A7DDRPHY``, four DFI phases, so the DDR3 runs at 400 MHz for a 100 MHz system clock) and LiteX's 8 KiB L2 cache,
as litex-boards' Arty target builds it. Firmware, the model's weights and its arena all live there: the
integrated 8 KiB SRAM is the BIOS's, and the block RAM is left to the CFU (an arena of several hundred KB would
not fit in it anyway). The simulation SoC is the same SoC with the DDR3 chip modelled (its geometry and timings)
behind a PHY model with the A7DDRPHY's latencies.
"""

from __future__ import annotations

from pathlib import Path

from litedram.modules import MT41K128M16
from litedram.phy.s7ddrphy import A7DDRPHY
from litex.build.generic_platform import IOStandard, Misc, Pins, Subsignal
from litex.build.xilinx import XilinxPlatform
from litex.soc.cores.clock import S7IDELAYCTRL, S7PLL

from soc.board import ROLES, VEXRISCV, Board, Device, MemoryRegion, OpenFpgaLoader
from soc.crg import PllCrg
from soc.soc import CfuSoC
from soc.targets.sim import SimulatedSoC

SYS_CLK_FREQ = 100_000_000
MAIN_RAM_SIZE = 256 * 1024 * 1024
ROM_SIZE = 32 * 1024
L2_CACHE_SIZE = 8192
#: The DDR3 PHY's clocks beside ``sys``: the 4x serialiser clock, the same at 90 degrees for DQS, the IDELAY reference.
DDR3_CLOCKS = (("sys4x", 4 * SYS_CLK_FREQ, 0), ("sys4x_dqs", 4 * SYS_CLK_FREQ, 90), ("idelay", 200e6, 0))

_IO = [
    ("clk100", 0, Pins("E3"), IOStandard("LVCMOS33")),
    ("cpu_reset", 0, Pins("C2"), IOStandard("LVCMOS33")),
    ("serial", 0,
        Subsignal("tx", Pins("D10")),
        Subsignal("rx", Pins("A9")),
        IOStandard("LVCMOS33"),
    ),
    ("ddram", 0,
        Subsignal("a", Pins("R2 M6 N4 T1 N6 R7 V6 U7 R8 V7 R6 U6 T6 T8"), IOStandard("SSTL135")),
        Subsignal("ba", Pins("R1 P4 P2"), IOStandard("SSTL135")),
        Subsignal("ras_n", Pins("P3"), IOStandard("SSTL135")),
        Subsignal("cas_n", Pins("M4"), IOStandard("SSTL135")),
        Subsignal("we_n", Pins("P5"), IOStandard("SSTL135")),
        Subsignal("cs_n", Pins("U8"), IOStandard("SSTL135")),
        Subsignal("dm", Pins("L1 U1"), IOStandard("SSTL135")),
        Subsignal("dq", Pins("K5 L3 K3 L6 M3 M1 L4 M2 V4 T5 U4 V5 V1 T3 U3 R3"), IOStandard("SSTL135"),
                  Misc("IN_TERM=UNTUNED_SPLIT_40")),
        Subsignal("dqs_p", Pins("N2 U2"), IOStandard("DIFF_SSTL135"), Misc("IN_TERM=UNTUNED_SPLIT_40")),
        Subsignal("dqs_n", Pins("N1 V2"), IOStandard("DIFF_SSTL135"), Misc("IN_TERM=UNTUNED_SPLIT_40")),
        Subsignal("clk_p", Pins("U9"), IOStandard("DIFF_SSTL135")),
        Subsignal("clk_n", Pins("V9"), IOStandard("DIFF_SSTL135")),
        Subsignal("cke", Pins("N5"), IOStandard("SSTL135")),
        Subsignal("odt", Pins("R5"), IOStandard("SSTL135")),
        Subsignal("reset_n", Pins("K6"), IOStandard("SSTL135")),
        Misc("SLEW=FAST"),
    ),
]


class Platform(XilinxPlatform):
    default_clk_name = "clk100"
    default_clk_period = 1e9 / 100e6

    def __init__(self, toolchain: str = "vivado") -> None:
        XilinxPlatform.__init__(self, "xc7a35ticsg324-1L", list(_IO), toolchain=toolchain)
        # The DDR3 bank's reference voltage (1.35 V SSTL).
        self.add_platform_command("set_property INTERNAL_VREF 0.675 [get_iobanks 34]")


def dram_module() -> MT41K128M16:
    """The Arty's DDR3 chip, its timings at the system clock with four DFI phases."""
    return MT41K128M16(SYS_CLK_FREQ, "1:4")


def dram_phy(platform: Platform) -> A7DDRPHY:
    """The 7-series DDR3 PHY on the board's ``ddram`` pins."""
    return A7DDRPHY(platform.request("ddram"), memtype="DDR3", nphases=4, sys_clk_freq=SYS_CLK_FREQ)


def make_soc(cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None) -> CfuSoC:
    """The Arty SoC: boots the LiteX BIOS, which initialises the DDR3 and serial-boots firmware into it."""
    platform = Platform()
    crg = PllCrg(S7PLL(speedgrade=-1), platform.request("clk100"), 100e6, SYS_CLK_FREQ,
                 reset=~platform.request("cpu_reset"), more_clocks=DDR3_CLOCKS)
    soc = CfuSoC(platform, SYS_CLK_FREQ, cfu_verilog, rom_size=ROM_SIZE, reset_address=0)
    soc.crg = crg
    soc.idelayctrl = S7IDELAYCTRL(crg.cd_idelay)
    soc.ddrphy = dram_phy(platform)
    soc.add_sdram("sdram", phy=soc.ddrphy, module=dram_module(), l2_cache_size=L2_CACHE_SIZE)
    return soc


def make_sim_soc(cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None) -> SimulatedSoC:
    """The Arty SoC for Verilator: the DDR3 modelled behind a PHY model with the A7DDRPHY's settings."""
    soc = SimulatedSoC(cfu_verilog, sys_clk_freq=SYS_CLK_FREQ, rom_size=ROM_SIZE)
    soc.add_sdram_model(dram_module(), dram_phy(Platform()).settings, L2_CACHE_SIZE)
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
    make_sim_soc=make_sim_soc,
    memory=(MemoryRegion("main_ram", MAIN_RAM_SIZE, ROLES, "DDR3 MT41K128M16 via LiteDRAM, 8 KiB L2"),),
)
