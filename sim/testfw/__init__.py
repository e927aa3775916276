"""The toolkit's own small firmware (crt0 + UART + exit) for one scenario, built against the sim SoC's headers.

The simulator's tests and its benchmark (:mod:`sim.bench`) run it: it needs no project and no model.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import litex

HERE = Path(__file__).parent
CFLAGS = ["-march=rv32im_zicsr", "-mabi=ilp32", "-O2", "-ffreestanding", "-nostdlib", "-Wall", "-Werror",
          "-Wl,--no-warn-rwx-segments"]


def build_firmware(headers_dir: Path, out_dir: Path, scenario: str, *, exit_code: int = 0) -> Path:
    """Compile ``main.c`` for ``scenario`` (EXIT, HANG, CFU, SILENT_CFU, BUSY_CFU, MCYCLE, TRAP,
    BENCH); return the flat binary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    elf = out_dir / f"{scenario.lower()}-{exit_code}.elf"
    binary = elf.with_suffix(".bin")
    litex_soc = Path(litex.__file__).parent / "soc"
    includes = [f"-I{headers_dir}", f"-I{litex_soc / 'software' / 'include'}",
                f"-I{litex_soc / 'cores' / 'cpu' / 'vexriscv'}", f"-L{headers_dir}"]
    subprocess.run(["riscv64-unknown-elf-gcc", *CFLAGS, *includes, f"-DSCENARIO_{scenario}",
                    f"-DEXIT_CODE={exit_code}", "-T", str(HERE / "link.ld"), "-o", str(elf),
                    str(HERE / "crt0.S"), str(HERE / "main.c"), "-lgcc"], check=True)
    subprocess.run(["riscv64-unknown-elf-objcopy", "-O", "binary", str(elf), str(binary)], check=True)
    return binary

