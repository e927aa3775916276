"""A profiled run as a table, ``profile.json`` and a per-layer chart."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["LayerRow", "ProfileReport", "format_table", "write_profile_json", "load_profile_json"]


@dataclass(frozen=True)
class LayerRow:
    index: int
    op: str
    input_shape: list[int]
    output_shape: list[int]
    macs: int
    cycles: int


@dataclass(frozen=True)
class ProfileReport:
    """What ``profile.json`` holds. ``cycles`` are mcycle differences around each kernel call."""

    model: str
    simulator: str
    total_cycles: int
    golden: str
    layers: list[LayerRow]


def format_table(report: ProfileReport) -> str:
    """The per-layer table: index, operator, shapes, MACs, cycles, cycles/MAC, share of the total."""
    head = f"{'#':>3}  {'operator':<18} {'input':<15} {'output':<15} {'MACs':>12} {'cycles':>14} {'cyc/MAC':>8} {'share':>6}"
    lines = [head, "-" * len(head)]
    for row in report.layers:
        per_mac = f"{row.cycles / row.macs:8.2f}" if row.macs else f"{'-':>8}"
        share = 100 * row.cycles / report.total_cycles if report.total_cycles else 0
        lines.append(f"{row.index:>3}  {row.op:<18} {_shape(row.input_shape):<15} {_shape(row.output_shape):<15} "
                     f"{row.macs:>12,} {row.cycles:>14,} {per_mac} {share:5.1f}%")
    macs = sum(row.macs for row in report.layers)
    per_mac = f"{report.total_cycles / macs:8.2f}" if macs else f"{'-':>8}"
    lines.append("-" * len(head))
    lines.append(f"{'':>3}  {'total':<18} {'':<15} {'':<15} {macs:>12,} {report.total_cycles:>14,} {per_mac} 100.0%")
    return "\n".join(lines)


def write_profile_json(report: ProfileReport, path: Path, extra: dict | None = None) -> None:
    """Write ``report``, and the simulator's own ``extra`` keys after it (the fast one's ``instructions``...)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**asdict(report), **(extra or {})}, indent=1) + "\n")


def load_profile_json(path: Path) -> ProfileReport:
    """The report in a profile.json; keys beyond :class:`ProfileReport`'s are ignored."""
    data = json.loads(Path(path).read_text())
    layers = [LayerRow(**row) for row in data.pop("layers")]
    known = {name: data[name] for name in ProfileReport.__dataclass_fields__ if name in data}
    return ProfileReport(layers=layers, **known)


def _shape(shape: list[int]) -> str:
    return "x".join(map(str, shape))
