"""Programming a board: the exact programmer command per target, and a check that the board is there."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import CfuError
from .tools import INSTALL_HINTS

#: USB id of the Fomu's DFU bootloader (foboot).
FOMU_DFU_ID = "1209:5bf0"

#: openFPGALoader board name per target.
OPENFPGALOADER_BOARDS = {"radiona_ulx3s": "ulx3s", "digilent_arty": "arty"}


@dataclass(frozen=True)
class ProgramCommand:
    """How to program one target: the command, and the command that finds the board first."""

    argv: list[str]
    detect: list[str]
    looked_for: str

    @property
    def tool(self) -> str:
        return self.argv[0]


def program_command(target: str, image: Path) -> ProgramCommand:
    """Return the programming command for ``target`` writing ``image`` (a .dfu for Fomu, a bitstream else).

    The Fomu takes the DFU image into its SPI flash through its bootloader, which then starts it;
    openFPGALoader loads the other boards' SRAM (lost at power-off).
    """
    if target == "kosagi_fomu":
        return ProgramCommand(["dfu-util", "-d", FOMU_DFU_ID, "-D", str(image)], ["dfu-util", "-l"],
                              f"a Fomu in its DFU bootloader (USB {FOMU_DFU_ID}; plug it in, the LED pulses)")
    if target in OPENFPGALOADER_BOARDS:
        board = OPENFPGALOADER_BOARDS[target]
        return ProgramCommand(["openFPGALoader", "-b", board, str(image)], ["openFPGALoader", "-b", board, "--detect"],
                              f"an openFPGALoader board '{board}' (its USB cable)")
    raise CfuError(f"no programming command for target '{target}'")


def check_board(command: ProgramCommand) -> None:
    """Raise :class:`CfuError` if the programmer is missing or finds no board; return when it finds one."""
    if shutil.which(command.tool) is None:
        raise CfuError(f"{command.tool} not found; to get it: {INSTALL_HINTS[command.tool]}")
    result = subprocess.run(command.detect, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    output = result.stdout + result.stderr
    found = FOMU_DFU_ID in output if command.tool == "dfu-util" else result.returncode == 0
    if not found:
        last = output.strip().splitlines()[-1] if output.strip() else "no output"
        raise CfuError(f"no board found: looked for {command.looked_for} with '{' '.join(command.detect)}' "
                       f"({last}). Check the USB cable and permissions (udev rules or root)")


def program(command: ProgramCommand) -> None:
    """Find the board, then run the programmer (its output goes to the terminal)."""
    check_board(command)
    if subprocess.run(command.argv).returncode != 0:
        raise CfuError(f"programming failed: '{' '.join(command.argv)}' exited with an error (see above)")
