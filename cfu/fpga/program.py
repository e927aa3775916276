"""Programming a board: the exact command of the board's programmer, and a check that the board is there."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from soc.board import DfuProgrammer
from soc.boards import get_board

from ..errors import CfuError
from .tools import INSTALL_HINTS


@dataclass(frozen=True)
class ProgramCommand:
    """How to program one board: the command, and the command that finds the board first.

    The board is found when ``detect`` prints ``found_text`` (when given) or else exits with status 0.
    """

    argv: list[str]
    detect: list[str]
    looked_for: str
    found_text: str | None = None

    @property
    def tool(self) -> str:
        return self.argv[0]


def program_command(target: str, image: Path) -> ProgramCommand:
    """Return the programming command for board ``target`` writing ``image`` (the image its programmer takes).

    A DFU bootloader takes the image into the board's SPI flash, then starts it; openFPGALoader loads the
    FPGA's SRAM (lost at power-off).
    """
    board = get_board(target)
    programmer = board.programmer
    if isinstance(programmer, DfuProgrammer):
        return ProgramCommand(["dfu-util", "-d", programmer.usb_id, "-D", str(image)], ["dfu-util", "-l"],
                              f"a {board.title} in its DFU bootloader (USB {programmer.usb_id}; plug it in, "
                              "the LED pulses)", found_text=programmer.usb_id)
    return ProgramCommand(["openFPGALoader", "-b", programmer.board, str(image)],
                          ["openFPGALoader", "-b", programmer.board, "--detect"],
                          f"an openFPGALoader board '{programmer.board}' (its USB cable)")


def check_tool(command: ProgramCommand) -> None:
    """Raise :class:`CfuError` if the programmer is not installed, saying how to get it."""
    if shutil.which(command.tool) is None:
        raise CfuError(f"{command.tool} not found; to get it: {INSTALL_HINTS[command.tool]}")


def check_board(command: ProgramCommand) -> None:
    """Raise :class:`CfuError` if the programmer is missing or finds no board; return when it finds one."""
    check_tool(command)
    result = subprocess.run(command.detect, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    output = result.stdout + result.stderr
    found = command.found_text in output if command.found_text else result.returncode == 0
    if not found:
        last = output.strip().splitlines()[-1] if output.strip() else "no output"
        raise CfuError(f"no board found: looked for {command.looked_for} with '{' '.join(command.detect)}' "
                       f"({last}). Check the USB cable and permissions (udev rules or root)")


def program(command: ProgramCommand) -> None:
    """Find the board, then run the programmer (its output goes to the terminal)."""
    check_board(command)
    if subprocess.run(command.argv).returncode != 0:
        raise CfuError(f"programming failed: '{' '.join(command.argv)}' exited with an error (see above)")
