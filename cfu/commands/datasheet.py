"""``cfu datasheet``: the design's datasheet, ``build/<target>/datasheet.html`` (self-contained) and ``.md``."""

from __future__ import annotations

import argparse

from ..files import write_atomic
from ..project import Project


def register(subparsers) -> None:
    parser = subparsers.add_parser("datasheet", help="write the design's datasheet (HTML and Markdown) from the "
                                   "results of sim, mlperf and bitstream")
    parser.add_argument("--proj", required=True, help="project name (a folder in proj/) or path")
    parser.add_argument("--target", default="sim", help="SoC target (default: sim)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..datasheet.content import build_datasheet
    from ..datasheet.document import to_html, to_markdown

    project = Project.load(args.proj)
    document = build_datasheet(project, args.target)
    out = project.build_dir / args.target
    for path, text in ((out / "datasheet.md", to_markdown(document)), (out / "datasheet.html", to_html(document))):
        write_atomic(path, text)
        print(f"cfu datasheet: wrote {path}")
    chart = project.build_dir / "sim" / "profile.png"
    if chart.is_file() and chart.parent != out:  # the Markdown links the chart beside it
        write_atomic(out / chart.name, chart.read_bytes())
    return 0
