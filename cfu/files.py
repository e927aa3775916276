"""Writing files whole: every generated or result file of the toolkit goes through here.

A reader never sees a half-written file (the text goes to a temporary file in the same folder, then
replaces the old one in one ``rename``), and files whose content did not change keep their timestamps,
so builds that depend on them do not rerun.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "write_if_changed", "read_json_of_format"]


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode() if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write ``data`` to ``path`` (atomically) unless it already holds it. Returns whether it was written."""
    path = Path(path)
    raw = data.encode() if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == raw:
        return False
    write_atomic(path, raw)
    return True


def read_json_of_format(path: Path, expected_format: int) -> dict:
    """The JSON object in ``path`` without its ``format`` field, which must be ``expected_format``; ``ValueError``
    says what is wrong otherwise (not JSON, not an object, another format)."""
    try:
        data = json.loads(Path(path).read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != expected_format:
        found = data.get("format", "none") if isinstance(data, dict) else type(data).__name__
        raise ValueError(f"format {found}, expected {expected_format}")
    data.pop("format")
    return data
