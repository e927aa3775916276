"""Drift check of a project's C emulation (``software_cfu``) against its Python reference models.

The emulation is compiled for the host together with ``firmware/host/emulation_driver.c``; each call of
:meth:`HostEmulation.run` is a fresh process, so stateful instructions start from their initial state just
like a fresh reference model.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cfu.errors import CfuError
from cfu.gateware.instruction import MASK32, ReferenceModel
from cfu.project import Project

from .build import FIRMWARE_DIR
from .sources import collect_sources, include_dirs

DRIVER = FIRMWARE_DIR / "host" / "emulation_driver.c"
EMULATION_SOURCE = Path("software_cfu.c")

#: One operation in issue order: (funct3, funct7, in0, in1).
Op = tuple[int, int, int, int]


@dataclass(frozen=True)
class HostEmulation:
    """A host executable running a project's ``software_cfu``."""

    exe: Path
    source: Path

    def run(self, ops: Sequence[Op]) -> list[int]:
        """Results of ``ops``, issued in order on a fresh emulation."""
        text = "".join(f"{f3} {f7} {a & MASK32:x} {b & MASK32:x}\n" for f3, f7, a, b in ops)
        result = subprocess.run([str(self.exe)], input=text, capture_output=True, text=True)
        if result.returncode != 0:
            raise CfuError(f"the host build of {self.source} crashed (status {result.returncode}):\n"
                           f"{result.stderr.strip()}")
        return [int(word, 16) for word in result.stdout.split()]


def build_host_emulation(project: Project, out_dir: Path | None = None) -> HostEmulation:
    """Compile ``project``'s emulation (its ``src/software_cfu.c``, else firmware's default) for the host."""
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        raise CfuError("the host C compiler (gcc) is missing: `sudo apt-get install build-essential`")
    src_dir = project.root / "src"
    override_dir = src_dir if src_dir.is_dir() else None
    chosen = [s for s in collect_sources(FIRMWARE_DIR, override_dir) if s.rel == EMULATION_SOURCE]
    if not chosen:
        raise CfuError(f"no software emulation: add {src_dir / EMULATION_SOURCE}")
    source = chosen[0].path
    out_dir = Path(out_dir or project.build_dir / "firmware" / "host")
    out_dir.mkdir(parents=True, exist_ok=True)
    exe = out_dir / "software_cfu_host"
    cmd = [cc, "-std=c11", "-O1", "-Wall", "-Wextra", "-Wno-unused-parameter",
           *(f"-I{d}" for d in include_dirs(FIRMWARE_DIR, override_dir)),
           str(DRIVER), str(source), "-o", str(exe)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise CfuError(f"{source} does not compile for the host:\n{result.stderr.strip()}")
    return HostEmulation(exe, source)


@dataclass(frozen=True)
class Mismatch:
    """The first operation where emulation and reference model disagree."""

    name: str
    funct3: int
    funct7: int
    in0: int
    in1: int
    expected: int
    actual: int
    index: int
    count: int

    def __str__(self) -> str:
        return (f"software_cfu differs from the reference model of {self.name}: funct3={self.funct3} "
                f"funct7={self.funct7} in0=0x{self.in0:08x} in1=0x{self.in1:08x}: expected 0x{self.expected:08x}, "
                f"got 0x{self.actual:08x} (operation {self.index + 1} of {self.count} in issue order)")


def first_mismatch(emulation: HostEmulation, name: str, funct3: int, new_reference: Callable[[], ReferenceModel],
                   ops: Sequence[tuple[int, int, int]]) -> Mismatch | None:
    """Run ``ops`` ((funct7, in0, in1), in issue order) of one instruction on a fresh reference model
    (``new_reference()``) and on the emulation."""
    reference = new_reference()
    expected = [reference(f7, a & MASK32, b & MASK32) & MASK32 for f7, a, b in ops]
    actual = emulation.run([(funct3, f7, a, b) for f7, a, b in ops])
    if len(actual) != len(ops):
        raise CfuError(f"the host build of {emulation.source} answered {len(actual)} of {len(ops)} operations")
    for index, ((f7, a, b), want, got) in enumerate(zip(ops, expected, actual)):
        if want != got:
            return Mismatch(name, funct3, f7, a & MASK32, b & MASK32, want, got, index, len(ops))
    return None
