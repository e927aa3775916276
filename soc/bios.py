"""Build the LiteX BIOS of a SoC. It depends on the SoC's memory and CSR map, never on the CFU, so each SoC's
BIOS is built once and reused by every project (the simulator's ROM, a board's ROM or flash image)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from litex.soc.integration.builder import Builder

from cfu.errors import CfuError
from cfu.files import write_atomic
from soc.generated import undated
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


def generated_software(make_soc: Callable[[], object], out_dir: Path) -> str:
    """Write the SoC's software headers (CSR and memory map, CPU flags) into ``out_dir``; return their SHA-256."""
    with quiet_litex():
        Builder(make_soc(), output_dir=str(out_dir), compile_software=False, compile_gateware=False).build(run=False)
    generated = sorted((out_dir / "software" / "include" / "generated").iterdir())
    return hashlib.sha256("".join(path.name + undated(path.read_text()) for path in generated).encode()).hexdigest()


def build_bios(make_soc: Callable[[], object], out_dir: Path, what: str) -> Path:
    """Return ``out_dir/software/bios/bios.bin`` for the SoC ``make_soc()`` makes, building it when the SoC's
    software headers (memory and CSR map, CPU and its compiler flags) differ from those of the BIOS built there.

    The build takes minutes: LiteX compiles picolibc with meson and ninja, writing into the installed
    ``pythondata-software-picolibc`` package (the environment must be writable). ``what`` names the SoC in errors.
    """
    out_dir = Path(out_dir)
    bios = out_dir / "software" / "bios" / "bios.bin"
    done = out_dir / "bios.done"
    headers = generated_software(make_soc, out_dir)
    if done.is_file() and bios.is_file() and done.read_text() == headers:
        return bios
    done.unlink(missing_ok=True)
    for tool in ("meson", "ninja", "riscv64-unknown-elf-gcc"):
        if shutil.which(tool) is None:
            raise CfuError(f"building the LiteX BIOS needs {tool}; install it with: bash scripts/setup.sh")
    try:
        with quiet_litex(), _this_python_first():
            Builder(make_soc(), output_dir=str(out_dir), compile_software=True, compile_gateware=False).build(run=False)
    except subprocess.CalledProcessError as error:
        raise CfuError(f"building the LiteX BIOS for {what} failed ({error}); see the output above") from None
    write_atomic(done, headers.encode())
    return bios
