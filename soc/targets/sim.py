"""Simulation target: the SoC as LiteX's Verilator simulator drives it (stream UART, 16 MiB main RAM).

ROM and main RAM get a one-word placeholder content so that the generated Verilog loads both from
``$readmemh`` files at run time: the simulator swaps firmware (and the BIOS) by rewriting those files.
"""

from __future__ import annotations

import copy
from pathlib import Path

from migen import Signal

from litex.build.generic_platform import Pins, Subsignal
from litex.build.io import CRG
from litex.build.sim import SimPlatform

from soc.sim_memory import MemoryImage, block_ram_image, sdram_model_image, sdram_model_placeholder
from soc.soc import MAIN_RAM_BASE, CfuSoC

SYS_CLK_FREQ = 1_000_000
MAIN_RAM_SIZE = 16 * 1024 * 1024
ROM_SIZE = 64 * 1024
BOOT_MODES = ("ram", "bios")
#: The simulator's build name: its Verilog is ``sim.v``, a memory's init file ``sim_<memory>.init``.
BUILD_NAME = "sim"


def sim_io() -> list:
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


class SimulatedSoC(CfuSoC):
    """A SoC as Verilator runs it: stream UART, ``simctrl``, a ROM and main RAM loaded from ``$readmemh`` files.

    The default simulated SoC (:class:`SimSoC`) and each board's simulation SoC (``Board.make_sim_soc``) are made
    from it; they differ in clock, ROM, SRAM and main memory. ``sys_clk_freq`` is the clock the SoC's timings are
    computed for (a DRAM controller's, for one); the simulator counts cycles whatever it is.

    Parameters
    ----------
    cfu_verilog : Path
        Verilog of module ``Cfu``.
    boot : str
        ``"ram"``: the CPU resets into main RAM (firmware preloaded, no BIOS);
        ``"bios"``: it resets into the ROM (used to build the LiteX BIOS for this SoC).

    Attributes
    ----------
    memory_images : dict of str to MemoryImage
        How the runner preloads ``"rom"`` and ``"main_ram"`` (``sim.runner``).
    """

    def __init__(self, cfu_verilog: Path, boot: str = "ram", *, sys_clk_freq: int = SYS_CLK_FREQ,
                 rom_size: int = ROM_SIZE, sram_size: int = 0x2000) -> None:
        if boot not in BOOT_MODES:
            raise ValueError(f"boot must be one of {BOOT_MODES}, not {boot!r}")
        platform = SimPlatform("SIM", sim_io(), name="sim")
        self.crg = CRG(platform.request("sys_clk"))
        CfuSoC.__init__(
            self, platform, sys_clk_freq, cfu_verilog,
            rom_size=rom_size,
            rom_init=[0] if boot == "ram" else [],
            reset_address=MAIN_RAM_BASE if boot == "ram" else 0,
            uart_name="sim",
            sram_size=sram_size,
        )
        self.add_simctrl()
        self.comb += platform.trace.eq(1)
        self.memory_images: dict[str, MemoryImage] = {}
        if rom_size:
            self.memory_images["rom"] = block_ram_image(BUILD_NAME, "rom", rom_size)

    def add_sdram_model(self, module, phy_settings, l2_cache_size: int) -> None:
        """Main RAM as a board has it: LiteDRAM's controller and L2 cache in front of ``SDRAMPHYModel``, a model of
        the memory chip ``module`` (a ``litedram.modules`` part, with its geometry and timings) behind a PHY with
        ``phy_settings`` (those of the board's real PHY: its phases and read/write latencies)."""
        from litedram.phy.model import SDRAMPHYModel

        phy_settings = phy_settings_at_reset(phy_settings)
        self.sdrphy = SDRAMPHYModel(module, settings=phy_settings, clk_freq=self.sys_clk_freq,
                                    init=sdram_model_placeholder(module, phy_settings.databits))
        self.add_sdram("sdram", phy=self.sdrphy, module=module, l2_cache_size=l2_cache_size)
        self.memory_images["main_ram"] = sdram_model_image(self.sdrphy, BUILD_NAME, self.bus.regions["main_ram"].size)


def phy_settings_at_reset(phy_settings):
    """A copy of ``phy_settings`` where each setting a real PHY keeps in a CSR (its read and write phases) is that
    CSR's reset value: the phases the PHY computes from its CAS latencies."""
    fixed = copy.copy(phy_settings)
    for name, value in vars(phy_settings).items():
        if isinstance(value, Signal):
            setattr(fixed, name, value.reset.value)
    return fixed


class SimSoC(SimulatedSoC):
    """The default simulated SoC: 16 MiB of single-cycle main RAM (no board has it; ``--target`` for a board's)."""

    def __init__(self, cfu_verilog: Path, boot: str = "ram") -> None:
        SimulatedSoC.__init__(self, cfu_verilog, boot)
        self.add_integrated_main_ram(MAIN_RAM_SIZE, init=[0])
        self.memory_images["main_ram"] = block_ram_image(BUILD_NAME, "main_ram", MAIN_RAM_SIZE)


def make_soc(cfu_verilog: Path) -> SimSoC:
    """The simulated SoC booting firmware preloaded in main RAM."""
    return SimSoC(cfu_verilog)
