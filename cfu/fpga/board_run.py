"""A project's firmware run on a board from its UART, as ``cfu load`` does: serial boot through the LiteX BIOS,
the menu's keys typed, the console read until the firmware's exit line.

Two places to run it, both :class:`~cfu.profile.run.ProfileTarget` s, so that ``cfu load`` gives the per-layer
table, golden check and ``profile.json`` of ``cfu sim`` through the same code: :class:`BoardTarget`, a board
programmed with its bitstream, and :class:`SimulatedSocTarget`, the simulated SoC booting its BIOS with its UART on
a TCP port, which tests the whole path (upload included) without a board.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sim.runner import CYCLE_BUDGET_EXCEEDED, NO_EXIT_LINE, SimResult
from soc.board import Board

from ..errors import CfuError
from ..fwbuild import FirmwareImage
from ..profile.run import ProfileTarget, Simulated, SimRun
from .serial_console import ConsoleClosed, ConsoleTimeout, SerialConsole
from .serialboot import FRAME_DATA, SIM_FRAME_DATA, BootTimes, serial_boot

__all__ = ["RunLimits", "run_on_console", "image_address", "BoardTarget", "SimulatedSocTarget", "menu_keys"]

#: The end of the interactive menu's list of commands, followed by its prompt (firmware/app/menu.c).
MENU_PROMPT = re.compile(rb"q  quit\r?\n> ")
EXIT_LINE = re.compile(rb"~~exit (-?\d+)~~")
#: Exit code of a run that hit its time limit: the simulator's for a spent cycle budget, so that the stop is
#: explained the same way (the layer it was in).
TIMED_OUT = CYCLE_BUDGET_EXCEEDED
#: Exit code of a run whose board went away before the firmware's exit line.
CONNECTION_LOST = NO_EXIT_LINE
FIRMWARE_EXIT = "firmware exit"


@dataclass(frozen=True)
class RunLimits:
    """Time limits of one run, in seconds: serial boot, the longest silence while the firmware runs, the whole
    run (None: no limit besides the silence)."""

    boot: BootTimes
    silence: float
    total: float | None = None


def menu_keys(has_model: bool) -> str:
    """The keys ``cfu load`` types: run the model ('m', firmware/app/model_profile.c) or, without one, every
    automatic command ('a'); then quit ('q'), which ends the firmware with its exit line."""
    return ("m" if has_model else "a") + "q"


def image_address(image: FirmwareImage) -> int:
    """Where ``image`` (a flat binary) is loaded and entered: its ``__image_start`` (firmware/runtime/link.ld)."""
    for line in image.symbols.read_text().splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[2] == "__image_start":
            return int(fields[0], 16)
    raise CfuError(f"{image.symbols} has no __image_start: the firmware was not linked by firmware/runtime/link.ld")


def run_on_console(console: SerialConsole, image: FirmwareImage, keys: str, out: TextIO,
                   limits: RunLimits, frame_data: int = FRAME_DATA) -> SimResult:
    """Serial-boot ``image``, type ``keys`` at its menu and return once it printed its exit line; the lines it
    prints go to ``out`` as they come. A silent or vanished board ends the run with the reason, not an error."""
    print(f"{console.name}: serial boot of {image.bin.name} ({image.bin.stat().st_size:,} bytes) through the BIOS")
    serial_boot(console, image.bin.read_bytes(), image_address(image), limits.boot, frame_data=frame_data)
    start = len(console.received)
    console.show_lines(out)
    try:
        console.expect(MENU_PROMPT, silence=limits.boot.reply, doing="waiting for the firmware's menu")
        console.write(keys.encode())
        exit_line = console.expect(EXIT_LINE, silence=limits.silence, limit=limits.total,
                                   doing=f"running the firmware (menu keys '{keys}')")
    except ConsoleTimeout as timeout:
        return SimResult(TIMED_OUT, console.text_since(start), f"{timeout}; a longer wait: --timeout SECONDS")
    except ConsoleClosed as closed:
        return SimResult(CONNECTION_LOST, console.text_since(start), str(closed))
    finally:
        console.show_lines(None)
    return SimResult(int(exit_line.group(1)), console.text_since(start), FIRMWARE_EXIT)


class BoardTarget(ProfileTarget):
    """A board: programmed with its bitstream (``program``, None when it runs it already), then the firmware is
    serial-booted on ``port``. The firmware is built against the headers of the board's SoC."""

    command = "cfu load"
    menu_script = None

    def __init__(self, board: Board, port: str, program: Callable[[], None] | None, timeout: float | None) -> None:
        self.board, self.port, self._program, self._timeout = board, port, program, timeout
        self.name = f"{board.name} ({board.title} board, {board.cpus[0]} at {board.clock_mhz:g} MHz, serial {port})"

    def soc_variant(self, run: SimRun) -> str:
        return ""  # the board's own SoC, not its simulation

    def prepare(self, run: SimRun, cfu_verilog: Path) -> Path:
        from .socgen import write_board_headers

        cpu = self.board.cpus[0]
        return write_board_headers(self.board, cpu, run.project.build_dir / "firmware" / f"{self.board.name}-soc")

    def run(self, run: SimRun, image: FirmwareImage, budget: int, out: TextIO) -> Simulated:
        if self._program is not None:
            self._program()
        else:
            print(f"{self.command}: reset the {self.board.title} (it must run the project's bitstream)")
        # The cycle budget at the board's clock bounds the run; the floor covers printing and a slow host.
        seconds = max(60.0, 2 * budget / self.board.sys_clk_freq) if budget else None
        limits = RunLimits(BootTimes(), silence=self._timeout or seconds or 600.0, total=seconds)
        with SerialConsole(self.port, self.board.name) as console:
            on_board = run_on_console(console, image, menu_keys(run.model_path is not None), out, limits)
        return Simulated(on_board, {"soc": run.soc})


class SimulatedSocTarget(ProfileTarget):
    """The simulated SoC (``soc/targets/sim.py``) as a board: it boots the LiteX BIOS, its UART is a TCP port, and
    the firmware is serial-booted there like on a board. Its simulator is ``cfu sim``'s (the project's
    ``build/sim``, rebuilt only when the CFU changed)."""

    command = "cfu load"
    name = "verilator (LiteX SoC, VexRiscv full+cfu), serial boot over TCP"
    menu_script = None
    #: Simulated cycles allowed for the BIOS's start-up and the upload besides the model's budget: the upload goes
    #: at the host's pace while the simulator counts cycles as fast as it runs, so the allowance is generous (about
    #: a minute of simulation on an idle machine); a run that ends well ends at the firmware's exit.
    BOOT_CYCLES = 100_000_000

    def __init__(self, timeout: float | None) -> None:
        self._timeout = timeout

    def prepare(self, run: SimRun, cfu_verilog: Path) -> Path:
        from sim.bios import build_bios
        from sim.verilated import build_simulator

        print(f"{self.command}: building the simulator (reused when the CFU is unchanged) and the BIOS")
        self._simulator = build_simulator(cfu_verilog, run.project.build_dir / "sim")
        self._bios = build_bios()
        return self._simulator.headers_dir

    def run(self, run: SimRun, image: FirmwareImage, budget: int, out: TextIO) -> Simulated:
        from sim.tcp import SimulatorOnTcp

        limits = RunLimits(BootTimes(), silence=self._timeout or 600.0)
        with SimulatorOnTcp(self._simulator, self._bios, max_cycles=budget and budget + self.BOOT_CYCLES,
                            cfu_timeout=run.cfu_timeout) as simulated:
            with SerialConsole.connect(simulated.url, "sim", alive=simulated.alive, limit=limits.boot.prompt) as console:
                on_board = run_on_console(console, image, menu_keys(run.model_path is not None), out, limits,
                                          SIM_FRAME_DATA)
            if on_board.reason != FIRMWARE_EXIT:
                simulated.stop()
        if on_board.reason != FIRMWARE_EXIT and not simulated.stopped:
            # The simulator ended by itself (cycle budget, CFU watchdog): its reason and exit code say why.
            result = simulated.result
            on_board = SimResult(result.exit_code, on_board.output + result.output, result.reason)
        return Simulated(on_board, {"soc": run.soc})
