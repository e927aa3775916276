"""Whether a firmware image fits its SoC's memory: the linker's overflow report, turned into one clear line."""

from __future__ import annotations

import re
from pathlib import Path

from cfu.errors import CfuError

_OVERFLOW = re.compile(r"region [`'](\w+)' overflowed by (\d+) bytes")
_STACK_ASSERT = "firmware does not fit in main_ram with its stack"
_REGION = re.compile(r"^\s*(\w+)\s*:\s*ORIGIN\s*=\s*(0x[0-9a-fA-F]+),\s*LENGTH\s*=\s*(0x[0-9a-fA-F]+)", re.M)


def memory_regions(regions_ld: Path) -> dict[str, tuple[int, int]]:
    """The MEMORY regions of LiteX's ``regions.ld``: name -> (origin, length)."""
    return {name: (int(origin, 16), int(length, 16)) for name, origin, length in _REGION.findall(regions_ld.read_text())}


def fit_error(linker_output: str, regions_ld: Path, target: str) -> CfuError | None:
    """The error for a link that failed because the image does not fit ``target``'s memory, or None if it did not.

    It names each region that overflowed, its size and address, and the bytes missing.
    """
    regions = memory_regions(regions_ld)
    short = {region: int(count) for region, count in _OVERFLOW.findall(linker_output)}
    if short:
        parts = [f"'{name}' ({_size(regions, name)}) is {count:,} bytes short" for name, count in short.items()]
        return CfuError(f"the firmware does not fit the {target} SoC: memory region {', '.join(parts)}; "
                        "use a smaller model or kernels, or a board with more memory")
    if _STACK_ASSERT in linker_output:
        return CfuError(f"the firmware does not fit the {target} SoC: memory region 'main_ram' "
                        f"({_size(regions, 'main_ram')}) has no room left for the stack; use a smaller model or "
                        "kernels, or a board with more memory")
    return None


def _size(regions: dict[str, tuple[int, int]], name: str) -> str:
    if name not in regions:
        return "size unknown"
    origin, length = regions[name]
    return f"{length:,} bytes at 0x{origin:08x}"
