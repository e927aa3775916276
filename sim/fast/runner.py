"""Run a firmware image on the fast simulator: same image, UART, exit statuses and messages as :mod:`sim.runner`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from contextlib import nullcontext
from typing import TextIO

from cfu.errors import CfuError
from sim.fast.reference_cfu import ReferenceCfu
from sim.runner import DEFAULT_CFU_TIMEOUT, SimResult, _classify, _stream

#: Peripheral registers the engine serves, by their name in LiteX's csr.h.
CSR_MAP_NAMES = {
    "uart_rxtx": "CSR_UART_RXTX_ADDR",
    "uart_txfull": "CSR_UART_TXFULL_ADDR",
    "uart_rxempty": "CSR_UART_RXEMPTY_ADDR",
    "uart_txempty": "CSR_UART_TXEMPTY_ADDR",
    "simctrl_exit": "CSR_SIMCTRL_EXIT_ADDR",
}
_CSR_DEFINE = re.compile(r"^#define (CSR_\w+_ADDR) \(CSR_BASE \+ (0x[0-9a-fA-F]+)L?\)$", re.M)
_CSR_BASE = re.compile(r"^#define CSR_BASE (0x[0-9a-fA-F]+)L?$", re.M)


@dataclass(frozen=True)
class FastResult:
    """A :class:`~sim.runner.SimResult` plus what the engine counted: ``instructions``, ``cycles``, the wall
    (``host_seconds``) and CPU (``cpu_seconds``) time the engine took, and ``cfu_instructions``."""

    sim: SimResult
    instructions: int
    cycles: int
    host_seconds: float
    cpu_seconds: float
    cfu_instructions: int = 0


def csr_map(csr_header: Path) -> dict[str, int]:
    """Addresses of the registers the engine serves, read from a firmware build's LiteX ``csr.h``."""
    text = Path(csr_header).read_text()
    base = int(_CSR_BASE.search(text).group(1), 16)
    defines = {name: base + int(offset, 16) for name, offset in _CSR_DEFINE.findall(text)}
    missing = [define for define in CSR_MAP_NAMES.values() if define not in defines]
    if missing:
        raise CfuError(f"{csr_header} lacks {', '.join(missing)}: the fast simulator models the sim SoC only")
    return {key: defines[define] for key, define in CSR_MAP_NAMES.items()}


def engine_command(exe: Path, image: Path, *, params: dict[str, int], max_cycles: int = 0,
                   cfu_timeout: int = DEFAULT_CFU_TIMEOUT, registers: dict[str, int] | None = None,
                   stats: Path | None = None) -> list[str]:
    """The command line that runs ``image`` on the engine ``exe`` with timing ``params``."""
    cmd = [str(exe), str(image), "--budget", str(max_cycles), "--cfu-timeout", str(cfu_timeout)]
    for name, value in params.items():
        cmd += ["--param", f"{name}={value}"]
    for name, value in (registers or {}).items():
        cmd += ["--map", f"{name}={value:#x}"]
    if stats is not None:
        cmd += ["--stats", str(stats)]
    return cmd


def run_fast(exe: Path, image: Path, *, params: dict[str, int], max_cycles: int = 0,
             cfu_timeout: int | None = None, registers: dict[str, int] | None = None,
             out: TextIO | None = None, reference_cfu: ReferenceCfu | None = None) -> FastResult:
    """Run ``image`` (a flat binary linked at main RAM) on the engine and classify its end like the RTL run.

    ``reference_cfu`` answers the CFU instructions of an engine built by
    :func:`~sim.fast.build.build_reference_engine`; a failure of one of its models is raised as :class:`CfuError`.
    """
    image = Path(image)
    if not image.is_file():
        raise CfuError(f"firmware image not found: {image}")
    with tempfile.TemporaryDirectory(prefix="fast-") as tmp:
        stats_path = Path(tmp) / "stats.json"
        cmd = engine_command(exe, image, params=params, max_cycles=max_cycles,
                             cfu_timeout=DEFAULT_CFU_TIMEOUT if cfu_timeout is None else cfu_timeout,
                             registers=registers, stats=stats_path)
        with reference_cfu.serving() if reference_cfu else nullcontext(({}, ())) as (environment, fds):
            process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       env={**os.environ, **environment}, pass_fds=fds)
            try:
                output = _stream(process, out or sys.stdout)
            finally:
                if process.poll() is None:
                    process.kill()
                status = process.wait()
        stats = json.loads(stats_path.read_text()) if stats_path.is_file() else {}
    return FastResult(_classify(status, output, uart_on_console=True), stats.get("instructions", 0),
                      stats.get("cycles", 0), stats.get("host_seconds", 0.0), stats.get("cpu_seconds", 0.0),
                      stats.get("cfu_instructions", 0))
