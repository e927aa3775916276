"""Whether a result file belongs to the project's current CFU.

Each command that measures a design records the SHA-256 of the CFU Verilog it ran with under ``cfu_sha256``
(profile.json, mlperf.json, resources.json, energy.json). A file recorded with another CFU, or by an older build
that did not record one, is stale: readers say so with the command that measures it again, and never show its
figures as the current design's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["CFU_KEY", "cfu_sha256", "stale_reason"]

CFU_KEY = "cfu_sha256"


def cfu_sha256(cfu_verilog: Path) -> str:
    """The SHA-256 of a CFU's Verilog file."""
    return hashlib.sha256(Path(cfu_verilog).read_bytes()).hexdigest()


def stale_reason(data: dict, current: str, command: str) -> str | None:
    """None when ``data`` (a result file's JSON) was measured with the CFU whose SHA-256 is ``current``; else
    "stale: <why>; run `<command>` again"."""
    recorded = data.get(CFU_KEY) if isinstance(data, dict) else None
    if not recorded:
        return f"stale: written by an older build that does not record its CFU; run `{command}` again"
    if recorded != current:
        return (f"stale: measured with a different CFU (Verilog SHA-256 {recorded[:12]}, now {current[:12]}); run "
                f"`{command}` again")
    return None
