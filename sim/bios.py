"""Build the LiteX BIOS for the simulated SoC once, in ``build/sim-bios`` at the repository top.

The BIOS depends on the SoC's memory and CSR map only, never on the CFU, so every project's model runs the
same image: the runner writes it into the ROM's init file (boot mode ``bios``, used to test serial boot).
LiteX's software build compiles picolibc with meson and ninja and writes into the installed
``pythondata-software-picolibc`` package (the environment must be writable).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from litex.soc.integration.builder import Builder

from cfu.errors import CfuError
from sim.paths import SHARED_BUILD
from soc.quiet import quiet_litex
from soc.targets import NULL_CFU
from soc.targets.sim import SimSoC


@contextmanager
def _this_python_first() -> Iterator[None]:
    """LiteX's software Makefiles run ``python3 -m litex...``: it must be this environment's Python."""
    previous = os.environ["PATH"]
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{previous}"
    try:
        yield
    finally:
        os.environ["PATH"] = previous


def build_bios(shared_dir: Path = SHARED_BUILD) -> Path:
    """Return ``bios.bin`` for the simulated SoC, building it on first use (about a minute)."""
    out = shared_dir / "sim-bios"
    bios = out / "software" / "bios" / "bios.bin"
    done = out / "bios.done"
    if done.is_file():
        return bios
    for tool in ("meson", "ninja", "riscv64-unknown-elf-gcc"):
        if shutil.which(tool) is None:
            raise CfuError(f"building the LiteX BIOS needs {tool}; install it with: bash scripts/setup.sh")
    try:
        with quiet_litex(), _this_python_first():
            soc = SimSoC(NULL_CFU, boot="bios")
            Builder(soc, output_dir=str(out), compile_software=True, compile_gateware=False).build(run=False)
    except subprocess.CalledProcessError as error:
        raise CfuError(f"building the LiteX BIOS failed ({error}); see the output above") from None
    done.touch()
    return bios
