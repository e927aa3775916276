"""The build report: SoC and CFU resource use, Fmax against the target clock; table, JSON and checks."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CfuError
from .resources import KINDS, Usage

#: Table labels of the resource kinds; "logic" takes the device's own unit.
_LABELS = {"ff": "FF", "bram": "block RAM", "dsp": "DSP", "spram": "SPRAM"}


@dataclass
class BuildReport:
    """Everything ``resources.json`` holds about one FPGA build.

    ``soc`` is the whole SoC as placed and routed (or synthesised, when ``estimate`` is set);
    ``cfu`` is the CFU synthesised alone for the same device. ``logic_units`` names the "logic" unit
    of each (an iCE40 SoC counts placed logic cells, its CFU alone synthesised LUT4s).
    ``clocks`` maps each clock to its (achieved, constraint) MHz; it is empty when no timing analysis
    ran (synthesis-only estimates).
    """

    target: str
    device: str
    cpu: str
    logic_units: tuple[str, str]
    clock_mhz: float
    soc: dict[str, Usage]
    cfu: dict[str, Usage]
    clocks: dict[str, tuple[float, float]] = field(default_factory=dict)
    estimate: bool = False
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    #: SHA-256 of the CFU Verilog built (:mod:`cfu.freshness`).
    cfu_sha256: str = ""

    @property
    def critical_clock(self) -> str | None:
        """The critical clock: the one with the least margin over its constraint (the CPU's, in practice)."""
        if not self.clocks:
            return None
        return min(self.clocks, key=lambda name: self.clocks[name][0] / self.clocks[name][1])

    @property
    def fmax_mhz(self) -> float | None:
        return None if self.critical_clock is None else self.clocks[self.critical_clock][0]

    @property
    def failing_clocks(self) -> dict[str, tuple[float, float]]:
        return {name: c for name, c in self.clocks.items() if c[0] < c[1]}

    @property
    def timing_met(self) -> bool | None:
        return None if not self.clocks else not self.failing_clocks

    @property
    def fits(self) -> bool:
        return all(u.overflow == 0 for u in self.soc.values())

    def to_json(self) -> dict:
        def usage(d: dict[str, Usage], logic_unit: str) -> dict:
            return {"logic_unit": logic_unit, **{k: {"used": u.used, "available": u.available,
                                                     "percent": round(u.percent, 1)} for k, u in d.items()}}
        return {
            "target": self.target, "device": self.device, "cpu": self.cpu,
            "estimate": self.estimate, "fits": self.fits,
            "timing": {"target_mhz": self.clock_mhz, "fmax_mhz": self.fmax_mhz, "met": self.timing_met,
                       "clocks": {name: {"fmax_mhz": a, "constraint_mhz": c} for name, (a, c) in self.clocks.items()}},
            "soc": usage(self.soc, self.logic_units[0]), "cfu": usage(self.cfu, self.logic_units[1]),
            "outputs": self.outputs, "seconds": {k: round(v, 1) for k, v in self.seconds.items()},
            "cfu_sha256": self.cfu_sha256,
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n")

    def table(self) -> str:
        """A plain-text table: one row per resource, SoC and CFU-alone columns, then the timing line."""
        rows = [("resource", "SoC", "CFU alone", "device")]
        for kind in KINDS:
            soc, cfu = self.soc[kind], self.cfu[kind]
            if not soc.available and not soc.used:
                continue
            label = "/".join(dict.fromkeys(self.logic_units)) if kind == "logic" else _LABELS[kind]
            rows.append((label, f"{_num(soc.used)} ({soc.percent:.1f}%)", f"{_num(cfu.used)} ({cfu.percent:.1f}%)",
                         _num(soc.available)))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = [f"{self.target}: {self.device}, CPU {self.cpu}" + (" (synthesis estimate)" if self.estimate else "")]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
        if self.fmax_mhz is None:
            lines.append(f"Fmax: not analysed (target {self.clock_mhz:g} MHz)")
        else:
            verdict = "met" if self.timing_met else "MISSED"
            constraint = self.clocks[self.critical_clock][1]
            lines.append(f"Fmax: {self.fmax_mhz:.2f} MHz against {constraint:.2f} MHz "
                         f"(critical clock {self.critical_clock}): timing {verdict}")
        return "\n".join(lines)


def check(report: BuildReport, accept_timing_failure: bool, accept_overflow: bool) -> None:
    """Raise :class:`CfuError` saying by how much a build does not fit or misses timing, unless accepted."""
    if not report.fits and not accept_overflow:
        over = [f"{report.logic_units[0] if k == 'logic' else _LABELS[k]} {_num(u.used)}/{_num(u.available)} "
                f"({_num(u.overflow)} over, {u.percent:.1f}%)" for k, u in report.soc.items() if u.overflow]
        raise CfuError(f"the design does not fit the {report.device}: {'; '.join(over)}. Make the CFU smaller, "
                       "pick a larger target, or pass --accept-overflow to keep the estimate")
    if report.timing_met is False and not accept_timing_failure:
        misses = [f"{name}: Fmax {fmax:.2f} MHz is {want - fmax:.2f} MHz ({100 * (want - fmax) / want:.1f}%) "
                  f"below its {want:.2f} MHz constraint" for name, (fmax, want) in report.failing_clocks.items()]
        raise CfuError(f"timing missed on {report.target}: {'; '.join(misses)}. Shorten the CFU's "
                       "combinational paths (register a stage), or pass --accept-timing-failure")


def _num(value: float) -> str:
    return f"{value:g}"
