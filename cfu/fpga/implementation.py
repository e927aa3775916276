"""What a family flow hands back: the SoC's resource use, its clocks, the files written and the time taken."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from soc.board import Device

from .nextpnr import PlaceRoute
from .resources import KINDS, PNR_CELLS, Usage, count_cells



@dataclass
class Implementation:
    """One SoC implementation. ``clocks`` maps clock name to (achieved, constraint) MHz; empty when no
    timing analysis ran. ``estimate`` marks a synthesis-only result (no place and route)."""

    usage: dict[str, Usage]
    clocks: dict[str, tuple[float, float]] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    estimate: bool = False
    placed: bool = True


def placed_usage(device: Device, pnr: PlaceRoute, synth_cells: dict[str, int]) -> dict[str, Usage]:
    """Resource use after place and route: nextpnr's counts where it has the kind, Yosys's otherwise
    (nextpnr-ice40 counts logic cells, not the flip-flops inside them)."""
    from_synthesis = count_cells(device.family, synth_cells, device.capacity)
    usage = {}
    for kind in KINDS:
        cell = PNR_CELLS[device.family].get(kind)
        if cell in pnr.utilization:
            used, available = pnr.utilization[cell]
            usage[kind] = Usage(used, available)
        else:
            usage[kind] = from_synthesis[kind]
    return usage
