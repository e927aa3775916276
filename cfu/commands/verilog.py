"""``cfu verilog``: write a project's CFU as Verilog module ``Cfu``."""

import shutil
from pathlib import Path

from ..project import Project


def register(subparsers) -> None:
    parser = subparsers.add_parser("verilog", help="generate the project's Cfu Verilog")
    parser.add_argument("--proj", required=True, help="project name (a folder in proj/) or path")
    parser.add_argument("-o", "--output", type=Path, help="also copy the Verilog here")
    parser.set_defaults(func=run)


def run(args) -> int:
    path = Project.load(args.proj).cfu_verilog()
    if args.output:
        shutil.copyfile(path, args.output)
        path = args.output
    print(path)
    return 0
