"""A profiled run as a table and ``profile.json``."""

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from ..files import read_json_of_format, write_atomic

__all__ = ["LayerRow", "ProfileReport", "PROFILE_FORMAT", "format_table", "write_profile_json", "load_profile_json",
           "load_previous_profile", "shape_text"]

#: The ``format`` of ``profile.json``: files of another format (or none) are not compared with.
PROFILE_FORMAT = 2


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
        lines.append(f"{row.index:>3}  {row.op:<18} {shape_text(row.input_shape):<15} {shape_text(row.output_shape):<15} "
                     f"{row.macs:>12,} {row.cycles:>14,} {per_mac} {share:5.1f}%")
    macs = sum(row.macs for row in report.layers)
    per_mac = f"{report.total_cycles / macs:8.2f}" if macs else f"{'-':>8}"
    lines.append("-" * len(head))
    lines.append(f"{'':>3}  {'total':<18} {'':<15} {'':<15} {macs:>12,} {report.total_cycles:>14,} {per_mac} 100.0%")
    return "\n".join(lines)


def write_profile_json(report: ProfileReport, path: Path, extra: dict | None = None) -> None:
    """Write ``report`` to ``path`` whole (a reader sees the old file or the new one), then the simulator's own
    ``extra`` keys (the fast simulator's ``instructions``, ``host_seconds``...)."""
    write_atomic(path, json.dumps({"format": PROFILE_FORMAT, **asdict(report), **(extra or {})}, indent=1) + "\n")


def load_profile_json(path: Path) -> ProfileReport:
    """Read a ``profile.json``; ``ValueError`` says what is wrong with a damaged one or one of another format."""
    data = read_json_of_format(path, PROFILE_FORMAT)
    try:
        layers = [LayerRow(**row) for row in data.pop("layers")]
        known = {name: data[name] for name in ProfileReport.__dataclass_fields__ if name in data}
        return ProfileReport(layers=layers, **known)
    except (KeyError, TypeError) as error:
        raise ValueError(f"missing or unknown fields ({error})") from None


def load_previous_profile(path: Path, command: str) -> ProfileReport | None:
    """The profile at ``path`` if there is a readable one; a damaged or older one is ignored with a warning line
    that starts with ``command`` (the command running: ``cfu sim``, ``cfu fast``)."""
    if not Path(path).is_file():
        return None
    try:
        return load_profile_json(path)
    except ValueError as error:
        print(f"{command}: warning: ignoring the previous profile {path}: {error}", file=sys.stderr)
        return None


def shape_text(shape: list[int]) -> str:
    """A tensor shape as the table prints it: ``1x49x10x1``."""
    return "x".join(map(str, shape))
