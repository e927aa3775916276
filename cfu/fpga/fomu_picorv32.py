"""Fomu with PicoRV32 and the CFU on its PCPI port: the configuration that leaves the UP5K room for a CFU.

VexRiscv ``full+cfu`` with the SoC around it needs about 124 % of the UP5K's logic cells (docs/fpga.md).
This SoC reuses the Fomu board definition of ``soc.targets.kosagi_fomu`` (platform, clock) and adds:

- PicoRV32 with single-cycle multiply on the DSPs, divide, 64-bit cycle counters, and no IRQ support:
  PicoRV32's IRQ instructions share the custom-0 opcode with CFU instructions and would take those
  whose funct7 is 0-5; with IRQs off every custom-0 instruction reaches the CFU.
- the SPI flash (read-only, memory-mapped): the LiteX BIOS runs from it at flash offset 0x60000, where
  the Fomu DFU image puts it (:mod:`cfu.fpga.dfu`); it serial-boots firmware into main RAM.
- 128 KiB SPRAM at ``MAIN_RAM_BASE``: firmware in the first 112 KiB, the BIOS's data and stack in the last 16.
"""

from __future__ import annotations

from pathlib import Path

from litex.build.generic_platform import IOStandard, Pins, Subsignal
from litex.soc.cores.ram.lattice_ice40 import Up5kSPRAM
from litex.soc.integration.soc import SoCRegion
from litex.soc.integration.soc_core import SoCCore
from litespi.modules import W25Q128JV
from litespi.opcodes import SpiNorFlashOpCodes

from soc.soc import MAIN_RAM_BASE
from soc.targets.kosagi_fomu import MAIN_RAM_SIZE, SYS_CLK_FREQ, Crg, Platform

from .dfu import BOOT_OFFSET, FOBOOT_FLASH_OFFSET
from .picorv32 import add_pcpi_cfu

SPIFLASH_BASE = 0x2000_0000
BIOS_FLASH_OFFSET = FOBOOT_FLASH_OFFSET + BOOT_OFFSET
BIOS_SIZE = 64 * 1024
BIOS_SRAM_SIZE = 16 * 1024

#: PicoRV32 parameters over LiteX's "standard" variant (see the module docstring).
PICORV32_PARAMS = dict(
    p_ENABLE_MUL=0, p_ENABLE_FAST_MUL=1, p_ENABLE_DIV=1,
    p_ENABLE_IRQ=0, p_ENABLE_IRQ_QREGS=0, p_ENABLE_IRQ_TIMER=0,
    p_CATCH_MISALIGN=0, p_TWO_STAGE_SHIFT=0,
)

_SPIFLASH = ("spiflash", 0,
             Subsignal("cs_n", Pins("C1")), Subsignal("clk", Pins("D1")), Subsignal("mosi", Pins("F1")),
             Subsignal("miso", Pins("E1")), Subsignal("wp", Pins("F2")), Subsignal("hold", Pins("B1")),
             IOStandard("LVCMOS33"))


class FomuPicoSoC(SoCCore):
    """The Fomu SoC with PicoRV32 + PCPI bridge + ``Cfu``.

    Parameters
    ----------
    cfu_verilog : Path
        Verilog of module ``Cfu``.
    gateware_dir : Path
        Where the bridge's Verilog is written.
    """

    def __init__(self, cfu_verilog: Path, gateware_dir: Path) -> None:
        platform = Platform()
        platform.add_extension([_SPIFLASH])
        SoCCore.__init__(self, platform, SYS_CLK_FREQ, ident="CFU toolkit SoC (Fomu, PicoRV32)",
                         cpu_type="picorv32", cpu_variant="standard",
                         cpu_reset_address=SPIFLASH_BASE + BIOS_FLASH_OFFSET,
                         integrated_rom_size=0, integrated_sram_size=0, uart_name="serial")
        clk48 = platform.request("clk48")
        platform.add_period_constraint(clk48, 1e9 / 48e6)
        self.crg = Crg(clk48)
        self.cpu.cpu_params.update(PICORV32_PARAMS)
        add_pcpi_cfu(self, cfu_verilog, gateware_dir)
        self.spram = Up5kSPRAM(size=MAIN_RAM_SIZE)
        self.bus.add_slave("spram", self.spram.bus, SoCRegion(origin=MAIN_RAM_BASE, size=MAIN_RAM_SIZE))
        firmware_size = MAIN_RAM_SIZE - BIOS_SRAM_SIZE
        self.bus.add_region("main_ram", SoCRegion(origin=MAIN_RAM_BASE, size=firmware_size, linker=True))
        self.bus.add_region("sram", SoCRegion(origin=MAIN_RAM_BASE + firmware_size, size=BIOS_SRAM_SIZE,
                                              linker=True))
        self.mem_map["spiflash"] = SPIFLASH_BASE
        self.add_spi_flash(mode="1x", module=W25Q128JV(SpiNorFlashOpCodes.READ_1_1_1), with_master=False)
        self.bus.add_region("rom", SoCRegion(origin=SPIFLASH_BASE + BIOS_FLASH_OFFSET, size=BIOS_SIZE,
                                             linker=True))
