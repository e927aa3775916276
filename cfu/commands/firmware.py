"""``cfu firmware``: build a project's firmware (``firmware/`` + ``proj/<name>/src/`` overrides)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..project import Project


def register(subparsers) -> None:
    parser = subparsers.add_parser("firmware", help="build the firmware of a project (ELF, .bin, map, symbols)")
    parser.add_argument("--proj", required=True, help="project name (a folder in proj/) or path")
    parser.add_argument("--target", default="sim", help="SoC target whose headers and memory map to use")
    parser.add_argument("--sw-only", action="store_true",
                        help="emulate CFU instructions in C (the project's software_cfu) instead of issuing them")
    script = parser.add_mutually_exclusive_group()
    script.add_argument("--menu-script", metavar="KEYS",
                        help="keys the menu presses by itself (default on sim: 'a', run all tests)")
    script.add_argument("--interactive", action="store_true", help="read menu keys from the UART instead")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each compile step")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..fwbuild import build_firmware

    kwargs = {}
    if args.interactive:
        kwargs["menu_script"] = None
    elif args.menu_script is not None:
        kwargs["menu_script"] = args.menu_script
    project = Project.load(args.proj)
    target, soc_headers = args.target, None
    if target != "sim":
        target, soc_headers = _board_headers(project, target)
    image = build_firmware(project, target=target, sw_only=args.sw_only, soc_headers=soc_headers,
                           verbose=args.verbose, **kwargs)
    size = image.bin.stat().st_size
    print(f"cfu firmware: {image.bin} ({size} bytes; ELF {image.elf.name}, map {image.map.name}) "
          f"in {image.seconds:.1f} s")
    return 0


def _board_headers(project: Project, name: str) -> tuple[str, Path]:
    """The board's name and the headers of the SoC ``cfu bitstream`` builds for it (its default CPU)."""
    from ..fpga.socgen import write_board_headers
    from soc.boards import get_board

    target = get_board(name)
    headers = write_board_headers(target, target.cpus[0], project.build_dir / "firmware" / f"{target.name}-soc")
    return target.name, headers
