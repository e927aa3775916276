"""Kosagi Fomu (iCE40UP5K) at 12 MHz, 128 KiB SPRAM main RAM, UART on touch pads 1/2, programmed with ``dfu-util``.

Two SoCs, by CPU:

- ``picorv32`` (default, the one that leaves the UP5K room for a CFU): PicoRV32 with single-cycle multiply on
  the DSPs, 64-bit cycle counters, no divider (about 200 logic cells: firmware divides in software, with GCC's
  ``-mno-div``; the BIOS is built for rv32i) and no IRQ support (PicoRV32's IRQ instructions share the custom-0
  opcode with CFU instructions and would take those whose funct7 is 0-5), the CFU on its PCPI port. The SPI
  flash is memory-mapped (read-only): the LiteX BIOS runs from it at flash offset 0x60000, where the Fomu DFU
  image puts it (:mod:`cfu.fpga.dfu`), and serial-boots firmware into main RAM. SPRAM holds firmware in its
  first 112 KiB, the BIOS's data and stack in the last 16.
- ``vexriscv``: VexRiscv ``full+cfu`` starting in SPRAM, with no ROM (the UP5K's block RAM cannot hold the
  BIOS beside VexRiscv's caches); with the SoC around it, it needs about 124 % of the logic cells (docs/fpga.md).

The simulation SoC (``make PROJ=p TARGET=kosagi_fomu sim``, :func:`make_sim_soc`) is the PicoRV32 one as Verilator
runs it: the same CPU parameters, PCPI bridge, CFU, bus, clock and memory map; SPRAM replaced by a Wishbone RAM
with SPRAM's timing (acknowledged the cycle after the request, as ``Up5kSPRAM``) that starts with the firmware in
it, where the board's BIOS would have serial-booted it; the UART on the simulator's stream UART; ``simctrl`` for
the exit. The firmware, the model's weights and its arena all sit in SPRAM (``kws_micro`` takes 94 KiB of the
112), so the SPI flash (which holds only the BIOS) is left out.
"""

from __future__ import annotations

from pathlib import Path

from migen import ClockDomain, If, Signal

from litex.build.generic_platform import IOStandard, Pins, Subsignal
from litex.build.io import CRG
from litex.build.lattice import LatticePlatform
from litex.build.sim import SimPlatform
from litex.gen import LiteXModule
from litex.soc.cores.cpu import CPU
from litex.soc.cores.ram.lattice_ice40 import Up5kSPRAM
from litex.soc.integration.soc import SoCRegion
from litex.soc.integration.soc_core import SoCCore
from litex.soc.interconnect import wishbone
from litespi.modules import W25Q128JV
from litespi.opcodes import SpiNorFlashOpCodes

from cfu.errors import CfuError
from cfu.fpga.dfu import BOOT_OFFSET, FOBOOT_FLASH_OFFSET
from cfu.fpga.picorv32 import add_pcpi_cfu
from soc.board import ROLES, VEXRISCV, Board, Device, DfuProgrammer, MemoryRegion
from soc.soc import MAIN_RAM_BASE, CfuSoC

SYS_CLK_FREQ = 12_000_000
MAIN_RAM_SIZE = 128 * 1024
PICORV32 = "picorv32"
SPIFLASH_BASE = 0x2000_0000
BIOS_FLASH_OFFSET = FOBOOT_FLASH_OFFSET + BOOT_OFFSET
BIOS_SIZE = 64 * 1024
BIOS_SRAM_SIZE = 16 * 1024

#: LiteX's PicoRV32 variant: "minimal" builds the BIOS for rv32i (this PicoRV32 has no divider).
PICORV32_VARIANT = "minimal"
#: PicoRV32 parameters over that variant's (see the module docstring).
PICORV32_PARAMS = dict(
    p_ENABLE_COUNTERS=1, p_ENABLE_COUNTERS64=1,
    p_ENABLE_MUL=0, p_ENABLE_FAST_MUL=1, p_ENABLE_DIV=0,
    p_ENABLE_IRQ=0, p_ENABLE_IRQ_QREGS=0, p_ENABLE_IRQ_TIMER=0,
    p_CATCH_MISALIGN=0, p_TWO_STAGE_SHIFT=0,
)

_IO = [
    ("clk48", 0, Pins("F4"), IOStandard("LVCMOS33")),
    ("serial", 0,
        Subsignal("tx", Pins("E4")),
        Subsignal("rx", Pins("D5")),
        IOStandard("LVCMOS33"),
    ),
]

_SPIFLASH = ("spiflash", 0,
             Subsignal("cs_n", Pins("C1")), Subsignal("clk", Pins("D1")), Subsignal("mosi", Pins("F1")),
             Subsignal("miso", Pins("E1")), Subsignal("wp", Pins("F2")), Subsignal("hold", Pins("B1")),
             IOStandard("LVCMOS33"))


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


class FomuPicoSoC(SoCCore):
    """The Fomu SoC with PicoRV32 + PCPI bridge + ``Cfu``; the bridge's Verilog goes to ``gateware_dir``."""

    def __init__(self, cfu_verilog: Path, gateware_dir: Path) -> None:
        platform = Platform()
        platform.add_extension([_SPIFLASH])
        SoCCore.__init__(self, platform, SYS_CLK_FREQ, ident="CFU toolkit SoC (Fomu, PicoRV32)",
                         cpu_type=PICORV32, cpu_variant=PICORV32_VARIANT,
                         cpu_reset_address=SPIFLASH_BASE + BIOS_FLASH_OFFSET,
                         integrated_rom_size=0, integrated_sram_size=0, uart_name="serial")
        clk48 = platform.request("clk48")
        platform.add_period_constraint(clk48, 1e9 / 48e6)
        self.crg = Crg(clk48)
        _forget_reserved_interrupts(self.cpu)
        self.cpu.cpu_params.update(PICORV32_PARAMS)
        add_pcpi_cfu(self, cfu_verilog, gateware_dir)
        self.spram = Up5kSPRAM(size=MAIN_RAM_SIZE)
        _add_main_memory(self, self.spram.bus)
        self.mem_map["spiflash"] = SPIFLASH_BASE
        self.add_spi_flash(mode="1x", module=W25Q128JV(SpiNorFlashOpCodes.READ_1_1_1), with_master=False)
        self.bus.add_region("rom", SoCRegion(origin=SPIFLASH_BASE + BIOS_FLASH_OFFSET, size=BIOS_SIZE,
                                             linker=True))


class FomuPicoSimSoC(SoCCore):
    """The PicoRV32 SoC of :class:`FomuPicoSoC` for Verilator (see the module docstring): it starts in main RAM."""

    def __init__(self, cfu_verilog: Path, gateware_dir: Path) -> None:
        from soc.sim_memory import block_ram_image
        from soc.simctrl import SimCtrl
        from soc.targets.sim import BUILD_NAME, sim_io

        platform = SimPlatform("SIM", sim_io(), name="sim")
        SoCCore.__init__(self, platform, SYS_CLK_FREQ, ident="CFU toolkit SoC (Fomu, PicoRV32, simulated)",
                         cpu_type=PICORV32, cpu_variant=PICORV32_VARIANT, cpu_reset_address=MAIN_RAM_BASE,
                         integrated_rom_size=0, integrated_sram_size=0, uart_name="sim")
        self.crg = CRG(platform.request("sys_clk"))
        _forget_reserved_interrupts(self.cpu)
        self.cpu.cpu_params.update(PICORV32_PARAMS)
        add_pcpi_cfu(self, cfu_verilog, gateware_dir)
        self.main_ram = wishbone.SRAM(MAIN_RAM_SIZE, init=[0], name="main_ram")
        _add_main_memory(self, self.main_ram.bus)
        self.simctrl = SimCtrl()
        self.comb += platform.trace.eq(1)
        self.memory_images = {"main_ram": block_ram_image(BUILD_NAME, "main_ram", MAIN_RAM_SIZE)}


def _add_main_memory(soc: SoCCore, bus: wishbone.Interface) -> None:
    """SPRAM (or its model, on ``bus``) at ``MAIN_RAM_BASE``: firmware in its first 112 KiB, the BIOS's data in the
    last 16."""
    soc.bus.add_slave("spram", bus, SoCRegion(origin=MAIN_RAM_BASE, size=MAIN_RAM_SIZE))
    firmware_size = MAIN_RAM_SIZE - BIOS_SRAM_SIZE
    soc.bus.add_region("main_ram", SoCRegion(origin=MAIN_RAM_BASE, size=firmware_size, linker=True))
    soc.bus.add_region("sram", SoCRegion(origin=MAIN_RAM_BASE + firmware_size, size=BIOS_SRAM_SIZE, linker=True))


def _forget_reserved_interrupts(cpu: CPU) -> None:
    """Take PicoRV32's reserved interrupts back out of ``CPU.interrupts``, where LiteX put them.

    LiteX adds them to the ``interrupts`` dict every CPU class shares, so that each SoC built later in the same
    process (a simulator's BIOS, another board) would number its UART and timer interrupts from 3.
    """
    if cpu.interrupts is CPU.interrupts:
        for name in cpu.reserved_interrupts:
            CPU.interrupts.pop(name, None)


def make_vexriscv_soc(cfu_verilog: Path) -> CfuSoC:
    """The Fomu SoC with VexRiscv: the CPU starts in main RAM (SPRAM)."""
    platform = Platform()
    crg = Crg(platform.request("clk48"))
    soc = CfuSoC(platform, SYS_CLK_FREQ, cfu_verilog, rom_size=0, sram_size=0, reset_address=MAIN_RAM_BASE)
    soc.crg = crg
    soc.spram = Up5kSPRAM(size=MAIN_RAM_SIZE)
    soc.bus.add_slave("main_ram", soc.spram.bus, SoCRegion(origin=MAIN_RAM_BASE, size=MAIN_RAM_SIZE, mode="rwx"))
    return soc


def make_soc(cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None) -> SoCCore:
    """The Fomu SoC with ``cpu``; the PicoRV32 one writes its PCPI bridge into ``gateware_dir``."""
    if cpu == VEXRISCV:
        return make_vexriscv_soc(cfu_verilog)
    if gateware_dir is None:
        raise ValueError("the PicoRV32 SoC writes its PCPI bridge's Verilog: give gateware_dir")
    return FomuPicoSoC(cfu_verilog, gateware_dir)


def make_sim_soc(cfu_verilog: Path, cpu: str = PICORV32, gateware_dir: Path | None = None) -> SoCCore:
    """The Fomu's PicoRV32 SoC for Verilator (the module docstring); it writes its PCPI bridge into ``gateware_dir``."""
    if cpu != PICORV32:
        raise CfuError(f"the Fomu's simulation SoC has PicoRV32, not {cpu} (its VexRiscv SoC does not fit the UP5K)")
    if gateware_dir is None:
        raise ValueError("the PicoRV32 SoC writes its PCPI bridge's Verilog: give gateware_dir")
    return FomuPicoSimSoC(cfu_verilog, gateware_dir)


BOARD = Board(
    name="kosagi_fomu",
    title="Fomu",
    aliases=("fomu",),
    device=Device("ice40", "iCE40UP5K-UWG30", "up5k", "uwg30", "LC", "LUT4",
                  {"logic": 5280, "ff": 5280, "bram": 30, "dsp": 8, "spram": 4}),
    sys_clk_freq=SYS_CLK_FREQ,
    main_ram_size=MAIN_RAM_SIZE,
    rom_size=0,
    serial_port="/dev/ttyUSB0",  # a USB-serial adapter on touch pads 1 and 2
    programmer=DfuProgrammer("1209:5bf0"),  # foboot, Fomu's DFU bootloader
    make_soc=make_soc,
    memory=(MemoryRegion("main_ram", MAIN_RAM_SIZE - BIOS_SRAM_SIZE, ROLES, "SPRAM"),),
    make_sim_soc=make_sim_soc,
    cpus=(PICORV32, VEXRISCV),
    firmware_reserve=48 * 1024,  # kws_micro's: 38 KiB of code and data, 8 KiB of stack (PicoRV32 builds)
)
