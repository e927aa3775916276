"""Run firmware on a built Verilated simulator: stream the UART, stop on exit or watchdog, return the exit code.

Each run happens in a fresh directory holding the memory images that the simulator loads with ``$readmemh`` (the
firmware becomes main RAM's init file, so changing firmware never rebuilds the simulator), and LiteX's run-time
configuration (``sim_config.js``) and I/O modules. ``Vsim`` drives the SoC itself with the UART on the console
(``sim/harness/veril.cpp``); with the UART on a TCP port it runs LiteX's event loop and modules
(``+litex_event_loop``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from litex.build.sim.config import SimConfig

from cfu.errors import CfuError
from cfu.files import write_atomic
from sim.core import build_core
from sim.verilated import Simulator
from soc.sim_memory import IMAGES_FILE, read_images
from soc.soc import MAIN_RAM_BASE
from soc.targets.sim import SYS_CLK_FREQ

EXIT_LINE = re.compile(r"~~exit (-?\d+)~~")
#: The CFU watchdog's report (``rtl/sim_monitor.v``): the PC of the waiting instruction.
CFU_WATCHDOG_LINE = re.compile(r"\[sim\] CFU watchdog: .* pc=0x([0-9a-f]{8})")
#: Process exit statuses of ``Vsim`` set by ``rtl/sim_monitor.v`` (the table is in docs/simulation.md).
CYCLE_BUDGET_EXCEEDED = 124
CFU_TIMEOUT = 125
#: Returned when the simulation stops without an exit line or watchdog (e.g. it crashed).
NO_EXIT_LINE = 1
DEFAULT_CFU_TIMEOUT = 100_000
#: Chatter of LiteX's modules and Verilator that is not the firmware's output.
_HARNESS_NOISE = re.compile(r"^\[(clocker|serial2console|serial2tcp)\] |^Found port \d+$|^- .*: Verilog \$finish$")


@dataclass(frozen=True)
class SimResult:
    """Outcome of one run: ``exit_code`` (the firmware's, or a watchdog's), the UART ``output`` and ``reason``."""

    exit_code: int
    output: str
    reason: str

    @property
    def status(self) -> int:
        """A process exit status that is nonzero whenever ``exit_code`` is (statuses are taken modulo 256)."""
        return self.exit_code if 0 <= self.exit_code <= 255 else 1


def _sim_config(serial_port: int | None) -> str:
    config = SimConfig(default_clk="sys_clk", default_clk_freq=SYS_CLK_FREQ)
    if serial_port is None:
        config.add_module("serial2console", "serial")
    else:
        config.add_module("serial2tcp", "serial", args={"port": serial_port})
    return config.get_json()


def prepare_run_dir(simulator: Simulator, run_dir: Path, firmware: bytes, *, bios: bytes | None,
                    serial_port: int | None) -> None:
    """Fill ``run_dir`` with what ``Vsim`` reads at start: config, modules and memory images."""
    for init in simulator.gateware_dir.glob("*.init"):
        shutil.copyfile(init, run_dir / init.name)
    images = read_images(simulator.gateware_dir / IMAGES_FILE)
    images["main_ram"].write(run_dir, firmware, "the firmware image")
    if "rom" in images:
        images["rom"].write(run_dir, bios or b"", "the BIOS image")
    elif bios:
        raise CfuError("this simulated SoC has no ROM to hold a BIOS")
    write_atomic(run_dir / "sim_config.js", _sim_config(serial_port))
    (run_dir / "modules").symlink_to(build_core().modules_dir)


def cfu_watchdog_pc(output: str) -> int | None:
    """The PC of the CFU instruction the watchdog stopped at, from a run's output; None if it did not fire."""
    match = CFU_WATCHDOG_LINE.search(output)
    return int(match.group(1), 16) if match else None


def _plusargs(*, bios: bool, max_cycles: int, cfu_timeout: int, trace_file: Path | None,
              coverage_file: Path | None = None, litex_loop: bool = False) -> list[str]:
    args = [f"+reset_vector={0 if bios else MAIN_RAM_BASE:x}", f"+cycle_budget={max_cycles}",
            f"+cfu_timeout={cfu_timeout}"]
    if litex_loop:
        args.append("+litex_event_loop")
    if trace_file is not None:
        args.append(f"+trace_file={trace_file}")
    if coverage_file is not None:
        args.append(f"+coverage_file={coverage_file}")
    return args


def _stream(process: subprocess.Popen, out: TextIO) -> str:
    """Copy the simulator's output to ``out`` line by line (dropping harness chatter); return it all."""
    kept: list[str] = []
    pending = b""
    fd = process.stdout.fileno()
    while chunk := os.read(fd, 4096):
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for raw in lines:
            line = raw.decode(errors="replace") + "\n"
            if _HARNESS_NOISE.match(line):
                continue
            kept.append(line)
            out.write(line)
            out.flush()
    if pending:
        kept.append(pending.decode(errors="replace"))
        out.write(kept[-1])
    return "".join(kept)


def _classify(status: int, output: str, uart_on_console: bool) -> SimResult:
    match = EXIT_LINE.search(output)
    if status == CYCLE_BUDGET_EXCEEDED and not match:
        return SimResult(status, output, "cycle budget exceeded")
    if status == CFU_TIMEOUT and not match:
        if "(cmd_ready held low;" in output:
            return SimResult(status, output, "CFU watchdog: the CFU never accepted a CFU instruction (cmd_ready low)")
        return SimResult(status, output, "CFU watchdog: a CFU instruction got no response")
    if match:
        return SimResult(int(match.group(1)), output, "firmware exit")
    if not uart_on_console and status >= 0:
        # The exit line went to the TCP client; simctrl's code is the process status.
        return SimResult(status, output, "firmware exit (simctrl)")
    if status < 0:
        return SimResult(NO_EXIT_LINE, output, f"simulator killed by signal {-status}")
    return SimResult(status or NO_EXIT_LINE, output,
                     f"simulation ended (status {status}) without a '~~exit <code>~~' line")


def run(simulator: Simulator, firmware: Path | bytes, *, max_cycles: int = 0, cfu_timeout: int = DEFAULT_CFU_TIMEOUT,
        bios: Path | None = None, serial_port: int | None = None, trace_file: Path | None = None,
        out: TextIO | None = None, coverage_file: Path | None = None,
        on_start: Callable[[subprocess.Popen], None] | None = None, litex_loop: bool = False) -> SimResult:
    """Run ``firmware`` (a flat binary linked at main RAM) on ``simulator`` and return its :class:`SimResult`.

    Parameters
    ----------
    max_cycles : int
        Cycle budget; 0 for none. Exceeding it ends the run with exit code 124.
    cfu_timeout : int
        Cycles a CFU instruction may wait to be accepted and answered before the run ends with exit code 125;
        0 disables.
    bios : Path, optional
        A LiteX BIOS image: the CPU then starts in ROM and the BIOS runs (for serial boot).
    serial_port : int, optional
        Expose the UART on this TCP port (LiteX ``serial2tcp``, in LiteX's event loop) instead of the console.
    trace_file : Path, optional
        Where a traced simulator writes its waveform.
    out : TextIO, optional
        Where the UART output is streamed (default: ``sys.stdout``).
    coverage_file : Path, optional
        Where a simulator built for switching activity (:mod:`sim.activity`) writes its toggle counts.
    on_start : callable, optional
        Called with the simulator's process once it started (to stop it from another thread).
    litex_loop : bool
        Run LiteX's event loop (``sim.c`` and its modules) also with the UART on the console, instead of ``Vsim``'s
        own driver: the reference the driver is checked against (``tests/test_sim_driver.py``).
    """
    if isinstance(firmware, Path | str):
        firmware = Path(firmware)
        if not firmware.is_file():
            raise CfuError(f"firmware image not found: {firmware}")
        firmware = firmware.read_bytes()
    if trace_file is not None and simulator.trace is None:
        raise CfuError("a trace file needs a simulator built with trace support (build_simulator(..., trace='fst'))")
    if coverage_file is not None and not simulator.activity:
        raise CfuError("toggle counts need a simulator built for switching activity (build_simulator(..., "
                       "activity=True))")
    bios_image = Path(bios).read_bytes() if bios is not None else None
    with tempfile.TemporaryDirectory(prefix="run-", dir=simulator.dir) as tmp:
        run_dir = Path(tmp)
        prepare_run_dir(simulator, run_dir, firmware, bios=bios_image, serial_port=serial_port)
        cmd = [str(simulator.exe), *_plusargs(bios=bios is not None, max_cycles=max_cycles, cfu_timeout=cfu_timeout,
                                          trace_file=trace_file and Path(trace_file).resolve(),
                                          coverage_file=coverage_file and Path(coverage_file).resolve(),
                                          litex_loop=litex_loop or serial_port is not None)]
        process = subprocess.Popen(cmd, cwd=run_dir, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
        if on_start is not None:
            on_start(process)
        try:
            output = _stream(process, out or sys.stdout)
        finally:
            if process.poll() is None:
                process.kill()
            process.stdin.close()
            status = process.wait()
    return _classify(status, output, uart_on_console=serial_port is None)


def simulate(simulator: Simulator, firmware: Path | bytes, *, max_cycles: int = 0, cfu_timeout: int | None = None,
             trace_file: Path | None = None, out: TextIO | None = None) -> SimResult:
    """:func:`run` ``firmware`` on ``simulator`` (from :func:`sim.verilated.build_simulator`) as ``cfu sim`` does.

    ``cfu_timeout`` None means :data:`DEFAULT_CFU_TIMEOUT`; a traced simulator writes its waveform to ``trace_file``
    (default ``sim.<vcd|fst>`` beside the simulator's directory, in the build directory).
    """
    if simulator.trace and trace_file is None:
        trace_file = simulator.dir.parent / f"sim.{simulator.trace}"
    result = run(simulator, firmware, max_cycles=max_cycles,
                 cfu_timeout=DEFAULT_CFU_TIMEOUT if cfu_timeout is None else cfu_timeout,
                 trace_file=trace_file, out=out)
    if trace_file:
        print(f"cfu sim: waveform written to {trace_file}")
    return result
