"""The ``cfu`` command line. Every subcommand lives in its own module under :mod:`cfu.commands`."""

import argparse
import importlib
import pkgutil
import sys
import warnings

from . import commands
from .errors import CfuError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cfu", description="CFU toolkit: design, verify and measure "
                                     "Custom Function Units for TinyML on a RISC-V soft CPU.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    from amaranth.hdl import UnusedElaboratable
    warnings.simplefilter("ignore", UnusedElaboratable)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CfuError as error:
        print(f"cfu {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"cfu {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
