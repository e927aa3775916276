"""Run a build step with its output appended to a log; on failure, a :class:`CfuError` with the log's tail."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cfu.errors import CfuError


def run_logged(cmd: list[str], cwd: Path, log: Path, failure: str) -> None:
    """Run ``cmd`` in ``cwd``, appending the command and its output to ``log``; raise ``failure`` + the tail."""
    with log.open("a") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        result = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise CfuError(f"{failure} (full log: {log}):\n{tail}")
