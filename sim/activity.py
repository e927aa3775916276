"""Switching activity of the simulated SoC: toggle counts per signal bit from a Verilator build with
``--coverage-toggle`` (``build_simulator(..., activity=True)``), read from the file ``Vsim`` writes at its end.

The build lives in its own directory (``verilated-activity``) and never replaces the fast one. Each coverage point
of a toggle-covered bit counts that bit's transitions; the counts are split between the CFU (the ``Cfu`` instance
and everything under it) and the rest of the SoC. Left out: the simulation-only monitor (not hardware) and the
clock nets (``clk``, ``sys_clk``, ``*_clk``, with the suffixes Verilator and LiteX add: two transitions every
cycle, whose power the estimate counts apart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cfu.errors import CfuError

__all__ = ["ToggleCounts", "read_toggle_counts", "CFU_INSTANCE", "MONITOR_INSTANCE"]

#: Instance names in the simulated SoC's ``sim.v`` (soc/soc.py adds the CFU, sim/monitor.py the monitor).
CFU_INSTANCE = "Cfu"
MONITOR_INSTANCE = "sim_monitor"
#: One point of Verilator's coverage file: ``C '<key>\x02<value>\x01...' <count>``.
_POINT = re.compile(r"^C '(.*)' (\d+)$")
#: A clock net's name (the ``o`` field of a point; a bit index is kept out of it by the pattern).
_CLOCK = re.compile(r"^(\w+_)?clk(_\d+|__0\d+)?(\[0\])?$")


@dataclass(frozen=True)
class ToggleCounts:
    """Toggle-covered signal bits and their transitions over a run, in the CFU and in the rest of the SoC."""

    soc_bits: int
    soc_toggles: int
    cfu_bits: int
    cfu_toggles: int

    def __sub__(self, other: "ToggleCounts") -> "ToggleCounts":
        """The transitions of a window: a longer run's counts minus a shorter run's (same design, same bits)."""
        if (self.soc_bits, self.cfu_bits) != (other.soc_bits, other.cfu_bits):
            raise CfuError("toggle counts of two different designs cannot be subtracted")
        return ToggleCounts(self.soc_bits, self.soc_toggles - other.soc_toggles,
                            self.cfu_bits, self.cfu_toggles - other.cfu_toggles)


def _fields(key: str) -> dict[str, str]:
    return dict(item.split("\x02", 1) for item in key.split("\x01") if "\x02" in item)


def read_toggle_counts(path: Path) -> ToggleCounts:
    """Sum a coverage file's toggle points, split at the CFU instance; a missing or foreign file is refused."""
    path = Path(path)
    if not path.is_file():
        raise CfuError(f"no toggle counts at {path}: the run did not end normally, or its simulator was not built "
                       "for switching activity")
    counts = {"soc": [0, 0], "cfu": [0, 0]}
    for line in path.read_text(errors="replace").splitlines():
        match = _POINT.match(line)
        if not match:
            continue
        fields = _fields(match.group(1))
        if not fields.get("page", "").startswith("v_toggle"):
            continue
        scope = fields.get("h", "").split(".")
        if MONITOR_INSTANCE in scope or _CLOCK.match(fields.get("o", "")):
            continue
        side = counts["cfu" if CFU_INSTANCE in scope else "soc"]
        side[0] += 1
        side[1] += int(match.group(2))
    if not counts["soc"][0]:
        raise CfuError(f"{path} holds no toggle coverage points (not written by a simulator built for switching "
                       "activity)")
    return ToggleCounts(counts["soc"][0], counts["soc"][1], counts["cfu"][0], counts["cfu"][1])
