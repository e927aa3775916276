"""The size of a linked firmware image, read from the linker's map: memory by section, and the kernels linked.

The build compiles every kernel with ``-ffunction-sections`` and links with ``--gc-sections``, so a kernel's
code is in the image only when the model's generated layer functions call it; the map lists what was kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: An output section of the image (allocated at a non-zero address): name, address, size.
_OUTPUT_SECTION = re.compile(r"^(\.[\w.]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s*$")
#: An input section kept in it: name, address, size, object file.
_INPUT_SECTION = re.compile(r"^ (\.\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+) (\S+\.o)\s*$")
#: Image sections by kind (the model's weights have a section of their own, which a board may place in another
#: memory); the rest (the trap stack, .tbss) count as bss when allocated.
_KINDS = {".text": "code", ".rodata": "constants", ".model_weights": "constants", ".data": "data",
          ".sdata": "data", ".tdata": "data", ".bss": "bss", ".sbss": "bss"}


@dataclass(frozen=True)
class FirmwareSize:
    """Bytes of a linked image: ``code``, ``constants`` (read-only data, the model's weights among them), ``data``
    and ``bss`` (the tensor arena and the trap stack among it); ``kernel_code`` and ``kernels`` are the kernel
    functions linked, ``unused_kernel_code`` the kernel code the linker left out."""

    code: int
    constants: int
    data: int
    bss: int
    kernel_code: int
    kernels: tuple[str, ...]
    unused_kernel_code: int

    @property
    def image(self) -> int:
        """Bytes loaded into memory: code, constants and initialized data."""
        return self.code + self.constants + self.data

    def summary(self) -> str:
        return (f"firmware {self.image:,} B (code {self.code:,}, constants {self.constants:,}, data {self.data:,}) "
                f"+ bss {self.bss:,} B; {len(self.kernels)} kernel functions linked, {self.kernel_code:,} B of code "
                f"({self.unused_kernel_code:,} B of unused kernels left out)")

    def as_dict(self) -> dict:
        return {"image_bytes": self.image, "code_bytes": self.code, "constant_bytes": self.constants,
                "data_bytes": self.data, "bss_bytes": self.bss, "kernel_code_bytes": self.kernel_code,
                "kernels": list(self.kernels), "unused_kernel_code_bytes": self.unused_kernel_code}


def firmware_size(link_map: Path) -> FirmwareSize:
    """Parse the map ``ld -Map`` wrote (the part after "Linker script and memory map")."""
    text = re.sub(r"^( \.\S+)\n\s+(0x)", r"\1 \2", link_map.read_text(errors="replace"), flags=re.M)  # names wrap
    discarded, text = text.split("Linker script and memory map", 1)
    unused = sum(int(m.group(3), 16) for m in map(_INPUT_SECTION.match, discarded.splitlines())
                 if m and m.group(1).startswith(".text") and "/kernels/" in m.group(4))
    totals = dict.fromkeys(("code", "constants", "data", "bss"), 0)
    kernel_code, kernels, section = 0, [], None
    for line in text.splitlines():
        output = _OUTPUT_SECTION.match(line)
        if output:
            name, address, size = output.group(1), int(output.group(2), 16), int(output.group(3), 16)
            section = _KINDS.get(name, "bss") if address and not name.startswith(".debug") else None
            if section:
                totals[section] += size
            continue
        kept = _INPUT_SECTION.match(line)
        if kept and section == "code" and "/kernels/" in kept.group(4) and int(kept.group(3), 16):
            kernel_code += int(kept.group(3), 16)
            if kept.group(1).startswith(".text."):
                kernels.append(kept.group(1)[len(".text."):])
    return FirmwareSize(totals["code"], totals["constants"], totals["data"], totals["bss"], kernel_code,
                        tuple(sorted(kernels)), unused)
