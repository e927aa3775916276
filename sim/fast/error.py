"""The fast simulator's error against the RTL simulator, per layer and in total, from two profiles of one image."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cfu.errors import CfuError
from cfu.files import write_atomic
from cfu.profile.report import LayerRow, ProfileReport
from sim.fast.timing import soc_fingerprint


@dataclass(frozen=True)
class LayerError:
    index: int
    op: str
    rtl_cycles: int
    fast_cycles: int

    @property
    def percent(self) -> float:
        """Signed relative error of the fast simulator, in percent of the RTL cycles."""
        return 100.0 * (self.fast_cycles - self.rtl_cycles) / self.rtl_cycles if self.rtl_cycles else 0.0


@dataclass(frozen=True)
class ErrorReport:
    model: str
    layers: list[LayerError]
    rtl_total: int
    fast_total: int

    @property
    def total_percent(self) -> float:
        return 100.0 * (self.fast_total - self.rtl_total) / self.rtl_total if self.rtl_total else 0.0

    @property
    def worst_layer(self) -> LayerError | None:
        return max(self.layers, key=lambda layer: abs(layer.percent), default=None)


def compare(rtl: ProfileReport, fast: ProfileReport) -> ErrorReport:
    """Pair the layers of two profiles of the same model."""
    if rtl.model != fast.model or len(rtl.layers) != len(fast.layers):
        raise CfuError(f"the profiles are of different models: {rtl.model} ({len(rtl.layers)} layers) and "
                       f"{fast.model} ({len(fast.layers)} layers)")
    layers = [LayerError(a.index, a.op, a.cycles, b.cycles) for a, b in zip(rtl.layers, fast.layers)]
    return ErrorReport(rtl.model, layers, rtl.total_cycles, fast.total_cycles)


def format_errors(report: ErrorReport) -> str:
    head = f"{'#':>3}  {'operator':<18} {'RTL cycles':>14} {'fast cycles':>14} {'error':>9}"
    lines = [head, "-" * len(head)]
    for layer in report.layers:
        lines.append(f"{layer.index:>3}  {layer.op:<18} {layer.rtl_cycles:>14,} {layer.fast_cycles:>14,} "
                     f"{layer.percent:+8.2f}%")
    lines.append("-" * len(head))
    lines.append(f"{'':>3}  {'total':<18} {report.rtl_total:>14,} {report.fast_total:>14,} "
                 f"{report.total_percent:+8.2f}%")
    worst = report.worst_layer
    if worst is not None:
        lines.append(f"worst layer: #{worst.index} {worst.op} {worst.percent:+.2f}%")
    return "\n".join(lines)


def write_error_json(report: ErrorReport, path: Path, calibration: str) -> None:
    data = {"model": report.model, "calibration": calibration, "rtl_total": report.rtl_total,
            "fast_total": report.fast_total, "total_percent": round(report.total_percent, 4),
            "layers": [{**asdict(layer), "percent": round(layer.percent, 4)} for layer in report.layers]}
    write_atomic(path, json.dumps(data, indent=1) + "\n")


@dataclass(frozen=True)
class RtlReference:
    """The RTL profile of one image, kept beside the fast results: the RTL simulator is deterministic, so while
    image, CFU Verilog and SoC are the same, its profile is too and need not be simulated again."""

    path: Path
    image: Path
    cfu_verilog: Path

    def _key(self) -> str:
        digest = hashlib.sha256(self.image.read_bytes() + Path(self.cfu_verilog).read_bytes())
        digest.update(soc_fingerprint().encode())
        return digest.hexdigest()

    def load(self) -> ProfileReport | None:
        if not self.path.is_file() or not self.image.is_file():
            return None
        kept = json.loads(self.path.read_text())
        if kept.get("key") != self._key():
            return None
        data = kept["profile"]
        return ProfileReport(data["model"], data["simulator"], data["total_cycles"], data["golden"],
                             [LayerRow(**row) for row in data["layers"]])

    def save(self, profile: ProfileReport) -> None:
        write_atomic(self.path, json.dumps({"key": self._key(), "profile": asdict(profile)}, indent=1) + "\n")
