"""Whether a firmware image fits its SoC's memory: the linker's overflow report, turned into one clear line."""

from __future__ import annotations

import re
from pathlib import Path

from cfu.errors import CfuError
from soc.board import ARENA, CODE, FIRMWARE_RESERVE, WEIGHTS, MemoryRegion, find_region

_OVERFLOW = re.compile(r"region [`'](\w+)' overflowed by (\d+) bytes")
_STACK_ASSERT = "firmware does not fit in its arena region with its stack"
#: ``link.ld``'s heap bounds as the map shows them: the stack does not fit when the heap would end before it starts.
_HEAP_BOUND = re.compile(r"^\s+0x([0-9a-f]+)\s+(__heap_start|__heap_end) = ", re.M)
_REGION = re.compile(r"^\s*(\w+)\s*:\s*ORIGIN\s*=\s*(0x[0-9a-fA-F]+),\s*LENGTH\s*=\s*(0x[0-9a-fA-F]+)", re.M)


def memory_regions(regions_ld: Path) -> dict[str, tuple[int, int]]:
    """The MEMORY regions of LiteX's ``regions.ld``: name -> (origin, length)."""
    return {name: (int(origin, 16), int(length, 16)) for name, origin, length in _REGION.findall(regions_ld.read_text())}


def fit_error(linker_output: str, regions_ld: Path, link_map: Path, target: str, arena_region: str) -> CfuError | None:
    """The error for a link that failed because the image does not fit ``target``'s memory, or None if it did not.

    It names each region that overflowed, its size and address, and the bytes missing: the linker counts them
    for sections; when the sections fit but the stack does not (in ``arena_region``), the heap bounds in
    ``link_map`` give them.
    """
    regions = memory_regions(regions_ld)
    short = {region: int(count) for region, count in _OVERFLOW.findall(linker_output)}
    stack_only = not short and _STACK_ASSERT in linker_output
    if stack_only:
        bounds = {name: int(value, 16) for value, name in _HEAP_BOUND.findall(link_map.read_text())}
        short = {arena_region: bounds["__heap_start"] - bounds["__heap_end"]}
    if not short:
        return None
    parts = [f"'{name}' ({_size(regions, name)}) is {count:,} bytes short" for name, count in short.items()]
    return CfuError(f"the firmware does not fit the {target} SoC: memory region {', '.join(parts)}"
                    f"{' (with the stack)' if stack_only else ''}; "
                    "use a smaller model or kernels, or a board with more memory")


def _size(regions: dict[str, tuple[int, int]], name: str) -> str:
    if name not in regions:
        return "size unknown"
    origin, length = regions[name]
    return f"{length:,} bytes at 0x{origin:08x}"


def model_fit_error(weights: int, arena: int, memory: tuple[MemoryRegion, ...], soc: str,
                    reserve: int = FIRMWARE_RESERVE) -> CfuError | None:
    """The error for a model whose ``weights`` and ``arena`` bytes (with ``reserve`` bytes for the firmware) do not
    fit the regions of ``memory`` (SoC ``soc``) that hold them, or None; checked before anything is built."""
    needs: dict[MemoryRegion, list[tuple[str, int]]] = {}
    for role, what, count in ((CODE, "firmware", reserve), (WEIGHTS, "weights", weights), (ARENA, "arena", arena)):
        needs.setdefault(find_region(memory, role, soc), []).append((what, count))
    for region, parts in needs.items():
        missing = sum(count for _, count in parts) - region.size
        if missing > 0:
            detail = ", ".join(f"{what} {count:,}" for what, count in parts)
            return CfuError(f"the model does not fit the {soc} SoC: memory region '{region.name}' ({region.kind}, "
                            f"{region.size:,} bytes) is {missing:,} bytes short ({detail}); use a smaller model, "
                            "or a board with more memory")
    return None
