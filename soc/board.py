"""What a board is, as data: one frozen :class:`Board` per file in ``soc/boards`` (see docs/fpga.md, "Adding a board").

Everything else (SoC elaboration, firmware headers, ``cfu bitstream``, ``cfu load``) reads these descriptions; no
code outside a board's own file names a board.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ClassVar

from cfu.errors import CfuError

#: The CPU every board offers: VexRiscv ``full+cfu`` (``soc.soc.CfuSoC``).
VEXRISCV = "vexriscv"

#: Bytes the model-fit check keeps for the firmware (code, data, stack) before anything is built.
FIRMWARE_RESERVE = 256 * 1024

#: What firmware places in memory, by role: the loaded image (code, constants, initialised data); the arena with
#: the zeroed data, heap and stack; the model's constant tensors (weights, biases, multipliers).
CODE = "code"
ARENA = "arena"
WEIGHTS = "weights"
ROLES = (CODE, ARENA, WEIGHTS)


@dataclass(frozen=True)
class MemoryRegion:
    """One memory of a board's SoC as firmware sees it: the LiteX region ``name`` (in ``regions.ld``), its ``size``
    in bytes, the ``roles`` firmware places there (:data:`ROLES`) and what it is (``"DDR3 through LiteDRAM"``)."""

    name: str
    size: int
    roles: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Device:
    """One FPGA part: its family, the nextpnr/Vivado names for it, and what it holds.

    ``capacity`` maps each resource kind (see :data:`cfu.fpga.resources.KINDS`) to the device's count;
    ``logic_unit`` names what the "logic" kind counts after place and route, ``synth_logic_unit`` what it
    counts after synthesis alone (an iCE40 logic cell holds a LUT4, a flip-flop and a carry).
    """

    family: str
    name: str
    part: str
    package: str
    logic_unit: str
    synth_logic_unit: str
    capacity: dict[str, float]


@dataclass(frozen=True)
class DfuProgrammer:
    """``dfu-util`` writing a DFU image (bitstream plus flash contents) through a USB bootloader."""

    usb_id: str
    #: The ``resources.json`` output the programmer takes.
    image: ClassVar[str] = "dfu"


@dataclass(frozen=True)
class OpenFpgaLoader:
    """``openFPGALoader -b <board>`` loading the bitstream into the FPGA's SRAM (lost at power-off)."""

    board: str
    image: ClassVar[str] = "bitstream"


@dataclass(frozen=True)
class Board:
    """One board: its FPGA, clock, CPUs, memories, serial port, programmer, and the SoC built for it.

    ``make_soc(cfu_verilog, cpu, gateware_dir)`` returns the LiteX SoC with ``cpu`` (one of ``cpus``, default
    first, ``VEXRISCV`` always accepted for elaboration) and the CFU in ``cfu_verilog``; ``gateware_dir`` is where
    the SoC may write Verilog of its own. ``title`` is the board's short name in messages ("Arty").

    ``make_sim_soc`` (same arguments) returns the SoC that ``cfu sim --target <board>`` verilates: the board SoC's
    CPU, caches, bus and memory map, its memories replaced by simulation models, the UART on the simulator's stream
    UART and ``simctrl`` for the exit protocol (:class:`soc.targets.sim.SimulatedSoC`); None when the board has
    none yet. ``memory`` lists the regions firmware is laid out in (``cfu.fwbuild.layout``); ``firmware_reserve``
    is what the model-fit check keeps there for the firmware itself.
    """

    name: str
    title: str
    device: Device
    sys_clk_freq: int
    main_ram_size: int
    rom_size: int
    serial_port: str
    programmer: DfuProgrammer | OpenFpgaLoader
    make_soc: Callable = field(repr=False)
    memory: tuple[MemoryRegion, ...]
    make_sim_soc: Callable | None = field(default=None, repr=False)
    cpus: tuple[str, ...] = (VEXRISCV,)
    aliases: tuple[str, ...] = ()
    firmware_reserve: int = FIRMWARE_RESERVE

    @property
    def clock_mhz(self) -> float:
        """The SoC's system clock in MHz."""
        return self.sys_clk_freq / 1e6

    def soc(self, cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None):
        """The board's LiteX SoC with ``cpu`` and the CFU in ``cfu_verilog``."""
        return self.make_soc(Path(cfu_verilog), cpu, gateware_dir)

    def sim_soc(self, cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None):
        """The board's SoC for Verilator (see the class docstring), or :class:`CfuError` if it has none."""
        self.require_sim_soc()
        return self.make_sim_soc(Path(cfu_verilog), cpu, gateware_dir)

    def require_sim_soc(self) -> None:
        """:class:`CfuError` (one line: what, and what to do) unless the board has a simulation SoC."""
        if self.make_sim_soc is None:
            raise CfuError(f"{self.name} has no simulation SoC yet: simulate the default SoC with make sim, "
                           "or give the board a make_sim_soc (docs/boards.md)")

    def region_for(self, role: str) -> MemoryRegion:
        """The memory region firmware puts ``role`` in; :class:`CfuError` if the board has none for it."""
        return find_region(self.memory, role, self.name)


def find_region(memory: tuple[MemoryRegion, ...], role: str, owner: str) -> MemoryRegion:
    """The first region of ``memory`` (the memory of SoC ``owner``) that holds ``role``; :class:`CfuError` if none."""
    for region in memory:
        if role in region.roles:
            return region
    have = ", ".join(f"{region.name} ({'/'.join(region.roles)})" for region in memory) or "none"
    raise CfuError(f"{owner} has no memory for the firmware's {role} (its regions: {have}); "
                   f"give one of its memory regions the role '{role}' in its board file")
