"""The LiteX BIOS of the simulated SoC, built once in ``build/sim-bios`` at the repository top.

Every project's simulator runs the same image: the runner writes it into the ROM's init file (boot mode ``bios``,
used to test serial boot).
"""

from __future__ import annotations

from pathlib import Path

from cfu.paths import SHARED_BUILD
from soc.bios import build_bios as build_soc_bios
from soc.targets import NULL_CFU
from soc.targets.sim import SimSoC


def build_bios(shared_dir: Path = SHARED_BUILD) -> Path:
    """Return ``bios.bin`` for the simulated SoC, building it on first use (about a minute)."""
    return build_soc_bios(lambda: SimSoC(NULL_CFU, boot="bios"), shared_dir / "sim-bios", "the simulated SoC")
