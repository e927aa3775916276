"""Build the LiteX BIOS of a SoC. It depends on the SoC's memory and CSR map, never on the CFU, so each SoC's
BIOS is built once and reused by every project (the simulator's ROM, a board's ROM or flash image)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from litex.soc.integration.builder import Builder

from cfu.errors import CfuError
from soc.quiet import quiet_litex


@contextmanager
def _this_python_first() -> Iterator[None]:
    """LiteX's software Makefiles run ``python3 -m litex...``: make that this Python, even outside an active venv."""
    previous = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), previous])
    try:
        yield
    finally:
        os.environ["PATH"] = previous


def build_bios(make_soc: Callable[[], object], out_dir: Path, what: str) -> Path:
    """Return ``out_dir/software/bios/bios.bin`` for the SoC ``make_soc()`` makes, building it on first use.

    The build takes minutes: LiteX compiles picolibc with meson and ninja, writing into the installed
    ``pythondata-software-picolibc`` package (the environment must be writable). ``what`` names the SoC in errors.
    """
    out_dir = Path(out_dir)
    bios = out_dir / "software" / "bios" / "bios.bin"
    done = out_dir / "bios.done"
    if done.is_file():
        return bios
    for tool in ("meson", "ninja", "riscv64-unknown-elf-gcc"):
        if shutil.which(tool) is None:
            raise CfuError(f"building the LiteX BIOS needs {tool}; install it with: bash scripts/setup.sh")
    try:
        with quiet_litex(), _this_python_first():
            Builder(make_soc(), output_dir=str(out_dir), compile_software=True, compile_gateware=False).build(run=False)
    except subprocess.CalledProcessError as error:
        raise CfuError(f"building the LiteX BIOS for {what} failed ({error}); see the output above") from None
    done.touch()
    return bios
