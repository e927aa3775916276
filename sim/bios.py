"""The LiteX BIOS of a simulated SoC, built once per SoC in ``build/`` at the repository top and reused by every
project: the default simulated SoC's in ``build/sim-bios``, a board's simulation SoC's in ``build/<board>-sim-bios``.

The runner writes it into the ROM's init file (boot mode ``bios``: serial boot, ``cfu load``).
"""

from __future__ import annotations

from pathlib import Path

from cfu.paths import SHARED_BUILD
from soc.bios import build_bios as build_soc_bios
from soc.boards import get_board
from soc.targets import NULL_CFU, SIM
from soc.targets.sim import SimSoC

#: Bytes of DRAM a board simulation's BIOS tests at start-up (LiteX's default is 2 MiB, which with its speed test
#: costs tens of millions of simulated cycles); 64 KiB still covers every bank and many rows.
SIM_MEMTEST_BYTES = 64 * 1024


def build_bios(shared_dir: Path = SHARED_BUILD, target: str = SIM) -> Path:
    """Return ``bios.bin`` for ``target``'s simulated SoC (``sim`` or a board's), building it on first use (about
    a minute)."""
    if target == SIM:
        return build_soc_bios(lambda: SimSoC(NULL_CFU, boot="bios"), shared_dir / "sim-bios", "the simulated SoC")
    board = get_board(target)
    board.require_sim_bios()
    return build_soc_bios(lambda: _board_bios_soc(board), shared_dir / f"{board.name}-sim-bios",
                          f"the simulated {board.title} SoC")


def _board_bios_soc(board):
    """The board's simulation SoC for its BIOS build, with two LiteX BIOS build options that save simulated time:
    a shorter DRAM test, and no boot attempt of its own at start-up (its serial-boot request waits a quarter second
    of the board's clock, 25 M cycles on the Arty, for an answer ``cfu load`` never gives: it boots from the
    prompt)."""
    soc = board.sim_bios_soc(NULL_CFU)
    soc.add_constant("MEMTEST_DATA_SIZE", SIM_MEMTEST_BYTES)
    soc.add_config("BIOS_NO_BOOT")
    return soc
