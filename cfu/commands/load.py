"""``cfu load``: program a board with the project's bitstream, then serial-boot its firmware (LiteX BIOS)."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from soc.board import Board
from soc.boards import board_names, get_board

from ..errors import CfuError
from ..project import Project


def register(subparsers) -> None:
    parser = subparsers.add_parser("load", help="program a board, then serial-boot the firmware")
    parser.add_argument("--proj", required=True, help="project name (a folder in proj/) or path")
    parser.add_argument("--target", required=True, help=f"board: {', '.join(board_names())}")
    parser.add_argument("--firmware", type=Path,
                        help="flat firmware binary (default: the project's build for the target)")
    parser.add_argument("--port", help="serial port or socket://host:port (default: the board's usual device)")
    parser.add_argument("--safe", action="store_true", help="slower upload without flow-control shortcuts")
    parser.add_argument("--no-program", action="store_true", help="the board already runs the bitstream")
    parser.set_defaults(func=run)


def litex_term() -> str:
    """The ``litex_term`` of this environment (installed with LiteX)."""
    beside_python = Path(sys.executable).parent / "litex_term"
    found = str(beside_python) if beside_python.is_file() else shutil.which("litex_term")
    if found is None:
        raise CfuError("litex_term not found: it comes with LiteX; run bash scripts/setup.sh")
    return found


def serial_boot_command(firmware: Path, port: str, safe: bool) -> list[str]:
    """``litex_term`` answering the BIOS's serial-boot request with ``firmware`` (loaded at 0x40000000)."""
    return [litex_term(), "--kernel", str(firmware), "--kernel-adr", "0x40000000", *(["--safe"] if safe else []),
            port]


def check_serial_port(target: str, port: str) -> None:
    """Fail with a message naming the device when no board is attached there."""
    if not port.startswith("socket://") and not Path(port).exists():
        raise CfuError(f"no board found at {port} ({target}): connect its USB cable, "
                       "or name the serial device with --port")


def bitstream_image(project: Project, board: Board) -> Path:
    """The image ``cfu bitstream`` made for ``board`` that its programmer takes (a DFU file or the bitstream)."""
    target = board.name
    report = project.build_dir / target / "resources.json"
    build_hint = f"build it first: make PROJ={project.argument} TARGET={target} bitstream"
    if not report.is_file():
        raise CfuError(f"no bitstream for {target}: {build_hint}")
    outputs = json.loads(report.read_text()).get("outputs", {})
    image = outputs.get(board.programmer.image)
    if image is None or not Path(image).is_file():
        why = f" (on {board.title} a bitstream needs Vivado)" if board.device.family == "xilinx" else ""
        raise CfuError(f"the last {target} build made no bitstream{why}: {build_hint}")
    return Path(image)


def run(args: argparse.Namespace) -> int:
    from ..fpga.program import program, program_command

    board = get_board(args.target)
    project = Project.load(args.proj)
    firmware = args.firmware or project.build_dir / "firmware" / board.name / "firmware.bin"
    if not firmware.is_file():
        raise CfuError(f"firmware image not found: {firmware} (make PROJ={project.argument} TARGET={board.name} firmware)")
    port = args.port or board.serial_port
    if not args.no_program:
        program(program_command(board.name, bitstream_image(project, board)))
    check_serial_port(board.name, port)
    print(f"cfu load: reset the board to start its BIOS; litex_term uploads {firmware} (Ctrl-C to quit)")
    return subprocess.call(serial_boot_command(firmware, port, args.safe))
