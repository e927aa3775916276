"""A board SoC's gateware from LiteX, with the LiteX BIOS it boots, for the FPGA flows.

The SoCs are those of the board descriptions in ``soc/boards``, one per CPU the board offers. The BIOS depends
on the SoC's memory and CSR map, not on the CFU, so it is built once per board and CPU under ``build/bios/`` at
the repository top.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from litex.soc.integration.builder import Builder
from litex.soc.integration.soc_core import get_mem_data

from soc.bios import build_bios as build_soc_bios
from soc.board import Board
from soc.quiet import quiet_litex
from soc.targets import NULL_CFU

from ..errors import CfuError
from ..paths import SHARED_BUILD
from .gateware import SocGateware

CPU_LABELS = {"vexriscv": "vexriscv full+cfu", "picorv32": "picorv32 + PCPI bridge"}
BIOS_DIR = SHARED_BUILD / "bios"


def write_board_headers(target: Board, cpu: str, out_dir: Path) -> Path:
    """Write the LiteX headers of ``target``'s SoC with ``cpu`` (the bitstream's CSR and memory maps) into
    ``out_dir/generated`` and return that folder, for :func:`cfu.fwbuild.build_firmware`'s ``soc_headers``."""
    from soc.headers import write_headers

    def board_soc(cfu_verilog: Path, build_dir: Path):
        return target.soc(cfu_verilog, cpu, build_dir / "gateware")

    return write_headers(target.name, out_dir, make_soc=board_soc)


def constrain_sys_clock(soc, clock_mhz: float) -> None:
    """Constrain the ``sys`` clock to the board's clock, so that timing is checked there.

    A divided or PLL-made clock has no constraint of its own; an existing equal one is kept.
    """
    try:
        soc.platform.add_period_constraint(soc.crg.cd_sys.clk, 1e3 / clock_mhz)
    except ValueError as error:
        raise CfuError(f"the SoC's sys clock is constrained differently from {clock_mhz:g} MHz: {error}") from None


def boots_from_flash(soc) -> bool:
    """True when the BIOS runs from SPI flash (Fomu DFU image) rather than from an integrated ROM."""
    return not hasattr(soc, "rom") and "rom" in soc.bus.regions


def build_bios(target: Board, cpu: str) -> Path:
    """Return ``bios.bin`` for ``target`` with ``cpu``, building it on first use (a few minutes).

    The BIOS initialises the board's main memory, so a board whose memory changes gets a BIOS of its own.
    """
    memory = hashlib.sha256(repr(target.memory).encode()).hexdigest()[:12]
    out = BIOS_DIR / f"{target.name}-{cpu}-{memory}"
    return build_soc_bios(lambda: target.soc(NULL_CFU, cpu, out / "gateware"), out, target.name)


def generate(target: Board, cpu: str, cfu_verilog: Path, out_dir: Path) -> tuple[SocGateware, Path | None]:
    """Write ``target``'s SoC gateware into ``out_dir/gateware``; return it and the BIOS for flash, if any.

    A BIOS in an integrated ROM is placed in the ROM's initial contents; a BIOS that runs from flash is
    returned, to be written into the board's flash image.
    """
    gateware_dir = out_dir / "gateware"
    with quiet_litex():
        soc = target.soc(cfu_verilog, cpu, gateware_dir)
        constrain_sys_clock(soc, target.clock_mhz)
        bios = build_bios(target, cpu) if hasattr(soc, "rom") or boots_from_flash(soc) else None
        if bios is not None and hasattr(soc, "rom"):
            soc.init_rom("rom", get_mem_data(str(bios), data_width=32, endianness="little"))
        builder = Builder(soc, output_dir=str(out_dir), compile_software=False, compile_gateware=False)
        builder.build(run=False, build_name=target.name)
    gateware = SocGateware.from_litex(soc.platform, target.name, Path(builder.gateware_dir), CPU_LABELS[cpu])
    return gateware, bios if boots_from_flash(soc) else None
