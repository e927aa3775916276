"""``cfu load``: run the project's model on a board and profile it there.

The firmware is built with the model, the project's kernels and overrides, against the board's SoC; the board is
programmed with the project's bitstream; the firmware is serial-booted through the LiteX BIOS and the model run from
the firmware's menu; its console becomes the per-layer table, golden check and ``profile.json`` of ``cfu sim``,
under ``build/<board>/``. ``--target sim`` does the same on the simulated SoC booting its BIOS, its UART on a TCP
port (``build/sim-serial/``): the whole path without a board.

Everything that can be checked before the build is (board, bitstream, programmer, serial port), so that a missing
piece costs one line and leaves nothing behind.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from soc.board import Board
from soc.boards import board_names, get_board
from soc.targets import SIM

from ..errors import CfuError
from ..profile.model_input import INPUT_SEED
from ..project import Project

#: The folder of ``build/`` the results of ``--target sim`` go to (``build/sim`` is ``cfu sim``'s).
SIMULATED_OUT = "sim-serial"


def register(subparsers) -> None:
    parser = subparsers.add_parser("load", help="run the project's model on a board (program, serial boot, profile)")
    parser.add_argument("--proj", required=True, help="project name (a folder in proj/) or path")
    parser.add_argument("--target", required=True,
                        help=f"board: {', '.join(board_names())}; or '{SIM}': the simulated SoC booting its "
                             "BIOS, its UART on TCP")
    parser.add_argument("--model", type=Path,
                        help="run this .tflite model instead of the project's own (proj/<p>/model/*.tflite)")
    parser.add_argument("--port", help="the board's serial port, a device or socket://host:port "
                                       "(default: the board's usual device)")
    parser.add_argument("--no-program", action="store_true",
                        help="the board runs the project's bitstream already: reset it by hand when asked")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds the board may stay silent while the firmware runs (default: from the model's "
                             "cycle budget at the board's clock)")
    parser.add_argument("--max-cycles", type=int, default=None,
                        help="the model's cycle budget (default: from its work; 0: none); on a board, its time at the "
                             "board's clock bounds the run")
    parser.add_argument("--input-seed", type=int, default=INPUT_SEED,
                        help=f"seed of the model's random int8 input (default {INPUT_SEED})")
    parser.set_defaults(func=run)


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
    from ..profile.run import SimRun, run_profile

    project = Project.load(args.proj)
    if args.target == SIM:
        target, soc, out_name = _simulated_target(args), SIM, SIMULATED_OUT
    else:
        board = get_board(args.target)
        target, soc, out_name = _board_target(project, board, args), board.name, None
    return run_profile(SimRun(project, args.model or project.model_path(), max_cycles=args.max_cycles,
                              input_seed=args.input_seed, out_name=out_name, soc=soc), target)


def _simulated_target(args: argparse.Namespace):
    from ..fpga.board_run import SimulatedSocTarget

    for option, given in (("--port", args.port), ("--no-program", args.no_program)):
        if given:
            raise CfuError(f"{option} applies to a board; the simulated SoC ('--target {SIM}') is started on a "
                           "TCP port of its own")
    return SimulatedSocTarget(args.timeout)


def _board_target(project: Project, board: Board, args: argparse.Namespace):
    """The board as a profile target, once its bitstream, programmer and serial port were found."""
    from ..fpga.board_run import BoardTarget
    from ..fpga.program import check_tool, program, program_command

    programming = None
    if not args.no_program:
        command = program_command(board.name, bitstream_image(project, board))
        check_tool(command)

        def programming() -> None:
            program(command)

    port = args.port or board.serial_port
    check_serial_port(board.name, port)
    return BoardTarget(board, port, programming, args.timeout)
