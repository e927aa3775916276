"""What a board is, as data: one frozen :class:`Board` per file in ``soc/boards`` (see docs/fpga.md, "Adding a board").

Everything else (SoC elaboration, firmware headers, ``cfu bitstream``, ``cfu load``) reads these descriptions; no
code outside a board's own file names a board.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ClassVar

#: The CPU every board offers: VexRiscv ``full+cfu`` (``soc.soc.CfuSoC``).
VEXRISCV = "vexriscv"


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
    cpus: tuple[str, ...] = (VEXRISCV,)
    aliases: tuple[str, ...] = ()

    @property
    def clock_mhz(self) -> float:
        """The SoC's system clock in MHz."""
        return self.sys_clk_freq / 1e6

    def soc(self, cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None):
        """The board's LiteX SoC with ``cpu`` and the CFU in ``cfu_verilog``."""
        return self.make_soc(Path(cfu_verilog), cpu, gateware_dir)
