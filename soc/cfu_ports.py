"""Check that a CFU Verilog file declares module ``Cfu`` with exactly the ports VexRiscv expects."""

from __future__ import annotations

import re
from pathlib import Path

from cfu.errors import CfuError
from cfu.gateware.verilog import cfu_module_ports

#: Port name -> (direction, width) of the CPU <-> CFU interface (docs/interfaces.md, "CPU-CFU interface").
CFU_PORTS = cfu_module_ports()

_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_MODULE = re.compile(r"\bmodule\s+Cfu\b(.*?)\bendmodule\b", re.S)
_DECL = re.compile(
    r"\b(input|output|inout)\b\s*(?:wire|reg|logic)?\s*(?:signed)?\s*"
    r"(?:\[\s*(\d+)\s*:\s*(\d+)\s*\])?\s*([A-Za-z_]\w*(?:\s*,\s*(?!input|output|inout)[A-Za-z_]\w*)*)"
)


def read_cfu_ports(path: Path) -> dict[str, tuple[str, int]]:
    """Return the ports of module ``Cfu`` in ``path`` as name -> (direction, width)."""
    path = Path(path)
    if not path.is_file():
        raise CfuError(f"CFU Verilog not found: {path}")
    text = _COMMENTS.sub(" ", path.read_text(errors="replace"))
    module = _MODULE.search(text)
    if module is None:
        raise CfuError(f"{path}: no 'module Cfu' found; the CFU's top module must be named Cfu")
    ports: dict[str, tuple[str, int]] = {}
    for direction, msb, lsb, names in _DECL.findall(module.group(1)):
        width = abs(int(msb) - int(lsb)) + 1 if msb else 1
        for name in re.split(r"\s*,\s*", names.strip()):
            ports[name] = (direction, width)
    return ports


def check_cfu_ports(path: Path) -> None:
    """Raise :class:`CfuError` naming the first port of ``Cfu`` in ``path`` that is missing or wrong."""
    ports = read_cfu_ports(path)
    for name, (direction, width) in CFU_PORTS.items():
        if name not in ports:
            raise CfuError(f"{path}: module Cfu has no port '{name}' ({direction} [{width - 1}:0]); "
                           "VexRiscv's CfuPlugin needs exactly the ports listed in docs/interfaces.md")
        if ports[name] != (direction, width):
            got_dir, got_width = ports[name]
            raise CfuError(f"{path}: port '{name}' of module Cfu is {got_dir} of width {got_width}, "
                           f"expected {direction} of width {width}")
    extra = sorted(set(ports) - set(CFU_PORTS))
    if extra:
        raise CfuError(f"{path}: module Cfu has unexpected port(s) {', '.join(extra)}; "
                       "VexRiscv's CfuPlugin leaves them unconnected")
