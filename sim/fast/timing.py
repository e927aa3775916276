"""The fast simulator's timing parameters: which calibration is in force, and whether the SoC changed since.

A calibration (``cfu calibrate``) is a JSON file: the fitted ``params`` (cycles, named as in ``engine/iss.c``),
the ``soc_fingerprint`` of the SoC it was fitted on (:mod:`sim.fast.soc_fingerprint`), its ``date`` and the microbenchmark errors it reached.
The one fitted on this machine lives in ``build/fast/calibration.json``; the toolkit ships ``calibration.json``
beside this module. The newest one whose fingerprint matches the current SoC is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from cfu.errors import CfuError
from cfu.files import write_atomic
from cfu.paths import REPO_ROOT, SHARED_BUILD
from sim.fast.soc_fingerprint import soc_fingerprint

SHIPPED = Path(__file__).parent / "calibration.json"
LOCAL = SHARED_BUILD / "fast" / "calibration.json"


@dataclass(frozen=True)
class Calibration:
    params: dict[str, int]
    soc_fingerprint: str
    date: str
    benchmarks: dict[str, dict[str, float]] = field(default_factory=dict)
    source: Path | None = None

    @property
    def label(self) -> str:
        """How reports name it: date and file."""
        where = self.source.relative_to(REPO_ROOT) if self.source and self.source.is_relative_to(REPO_ROOT) else self.source
        return f"calibration of {self.date} ({where})"


def load_calibration(path: Path) -> Calibration:
    try:
        data = json.loads(Path(path).read_text())
        return Calibration(data["params"], data["soc_fingerprint"], data["date"], data.get("benchmarks", {}),
                           Path(path))
    except (OSError, ValueError, KeyError) as error:
        raise CfuError(f"unreadable calibration file {path}: {error}") from None


def save_calibration(calibration: Calibration, path: Path = LOCAL) -> None:
    data = {"date": calibration.date, "soc_fingerprint": calibration.soc_fingerprint,
            "params": calibration.params, "benchmarks": calibration.benchmarks}
    write_atomic(path, json.dumps(data, indent=1) + "\n")


def current_calibration() -> Calibration | None:
    """The calibration that matches this SoC (this machine's first, then the shipped one), or None."""
    fingerprint = soc_fingerprint()
    for path in (LOCAL, SHIPPED):
        if path.is_file():
            calibration = load_calibration(path)
            if calibration.soc_fingerprint == fingerprint:
                return calibration
    return None
