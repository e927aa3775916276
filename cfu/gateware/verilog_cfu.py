"""A CFU brought as hand-written Verilog, verified against Python reference models."""

import re
import shutil
from pathlib import Path

from ..errors import CfuError
from .instruction import InstructionSpec, ReferenceModel

__all__ = ["CFU_PORTS", "VerilogCfu", "check_cfu_ports"]

#: Port name to width of module ``Cfu`` (DESIGN §3).
CFU_PORTS = {
    "clk": 1, "reset": 1,
    "cmd_valid": 1, "cmd_ready": 1, "cmd_payload_function_id": 10,
    "cmd_payload_inputs_0": 32, "cmd_payload_inputs_1": 32,
    "rsp_valid": 1, "rsp_ready": 1, "rsp_payload_outputs_0": 32,
}


class VerilogCfu:
    """A CFU whose gateware is a Verilog file defining module ``Cfu``.

    Parameters
    ----------
    path : path-like
        The Verilog file.
    specs : dict of int to InstructionSpec
        funct3 to each instruction's name, reference model factory, funct7 values and latency bound.
    """

    def __init__(self, path, specs: dict[int, InstructionSpec]):
        self.path = Path(path)
        if not self.path.is_file():
            raise CfuError(f"CFU Verilog file {self.path} does not exist")
        for slot in specs:
            if not isinstance(slot, int) or not 0 <= slot <= 7:
                raise CfuError(f"instruction slot {slot!r} is out of range: funct3 slots are 0 to 7")
        self._specs = dict(sorted(specs.items()))

    def specs(self) -> dict[int, InstructionSpec]:
        return dict(self._specs)

    def reference_models(self) -> dict[int, "callable[[], ReferenceModel]"]:
        return {slot: spec.model for slot, spec in self._specs.items()}

    def write_verilog(self, path) -> None:
        """Copy the Verilog to ``path`` (untouched when equal) after checking its ports."""
        check_cfu_ports(self.path.read_text(), str(self.path))
        path = Path(path)
        if not path.exists() or path.read_bytes() != self.path.read_bytes():
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.path, path)


_MODULE = re.compile(r"\bmodule\s+Cfu\b(.*?)\bendmodule\b", re.S)
_DIRECTION = re.compile(r"\b(?:input|output|inout)\b(.*?)(?=\b(?:input|output|inout)\b|;|\)\s*;)", re.S)
_RANGE = re.compile(r"\[\s*([^:\]]+?)\s*:\s*([^\]]+?)\s*\]")
_KEYWORDS = {"wire", "reg", "logic", "signed", "unsigned"}


def _declared_ports(module_text: str) -> dict[str, int | None]:
    """Port name to width (None where the range is not a plain number)."""
    found: dict[str, int | None] = {}
    for declaration in _DIRECTION.finditer(module_text):
        body = declaration.group(1)
        width: int | None = 1
        bits = _RANGE.search(body)
        if bits:
            high, low = bits.groups()
            width = abs(int(high) - int(low)) + 1 if high.isdigit() and low.isdigit() else None
            body = body[bits.end():]
        for name in re.findall(r"[A-Za-z_]\w*", body):
            if name not in _KEYWORDS:
                found[name] = width
    return found


def check_cfu_ports(verilog: str, where: str = "CFU Verilog") -> None:
    """Raise :class:`CfuError` naming the first missing, extra or mis-sized port of module ``Cfu``."""
    text = re.sub(r"//.*?$|/\*.*?\*/", "", verilog, flags=re.S | re.M)
    module = _MODULE.search(text)
    if module is None:
        raise CfuError(f"{where}: no module named Cfu")
    found = _declared_ports(module.group(1))
    for name, width in CFU_PORTS.items():
        if name not in found:
            raise CfuError(f"{where}: module Cfu has no port '{name}' (expected ports: {', '.join(CFU_PORTS)})")
        if found[name] is not None and found[name] != width:
            raise CfuError(f"{where}: port '{name}' is {found[name]} bits wide, expected {width}")
    extra = sorted(set(found) - set(CFU_PORTS))
    if extra:
        raise CfuError(f"{where}: module Cfu has unexpected port(s) {', '.join(extra)}")
