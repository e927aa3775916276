"""Map firmware addresses to functions and source lines, and explain a trap report on the host."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .toolchain import Toolchain

#: The machine-readable line printed by firmware/runtime/trap.c.
TRAP_LINE = re.compile(r"~~trap mcause=0x([0-9a-f]{8}) mepc=0x([0-9a-f]{8}) mtval=0x([0-9a-f]{8}) "
                       r"insn=(?:0x([0-9a-f]{8})|none) ra=0x([0-9a-f]{8})~~")


def symbolize(elf: Path, address: int) -> str:
    """``function (file:line)`` for ``address`` in ``elf``, or ``0x...`` when unknown."""
    tools = Toolchain.find()
    result = subprocess.run([tools.addr2line, "-f", "-e", str(elf), f"0x{address:08x}"],
                            capture_output=True, text=True)
    lines = result.stdout.split("\n")
    if result.returncode != 0 or len(lines) < 2 or lines[0] in ("", "??"):
        return f"0x{address:08x}"
    function, location = lines[0], lines[1]
    if location.startswith("??"):
        return function
    return f"{function} ({Path(location.split(' ')[0]).name})"


def describe_trap(elf: Path, output: str) -> str | None:
    """A one-line explanation of the trap reported in console ``output``, with symbols; ``None`` if none."""
    match = TRAP_LINE.search(output)
    if match is None:
        return None
    mcause, mepc, mtval, insn, ra = match.groups()
    where = symbolize(elf, int(mepc, 16))
    caller = symbolize(elf, int(ra, 16))
    text = f"trap mcause={int(mcause, 16)} at 0x{mepc} in {where}, called from {caller}; mtval=0x{mtval}"
    if insn is not None:
        text += f", instruction 0x{insn}"
    return text
