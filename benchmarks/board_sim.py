"""Cycles of the shipped projects' models on the default simulated SoC and on each board's simulation SoC.

Usage: .venv/bin/python benchmarks/board_sim.py [--projects kws_micro,mnv2_first] [--targets sim,<board>,...]
       .venv/bin/python benchmarks/board_sim.py --report-only

Every run is a real `cfu sim --proj <p> --target <t>` (the project's own build directory, so a simulator already
built is reused), golden-checked against TFLite Micro. Prints, per model, the cycles on each SoC and their ratio to
the default SoC's, then the layers whose ratio differs most; --report-only prints the same from the last runs'
profile.json files. The simulators' speed is measured apart: .venv/bin/python -m sim.bench --target <t>.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from cfu.paths import REPO_ROOT
from cfu.profile.report import ProfileReport, load_profile_json
from cfu.project import Project
from soc.boards import all_boards
from soc.targets import SIM

PROJECTS = ("kws_micro", "mnv2_first")


def profile_path(project: str, target: str) -> Path:
    return Project.load(project).build_dir / target / "profile.json"


def simulate(project: str, target: str) -> None:
    subprocess.run([sys.executable, "-m", "cfu.cli", "sim", "--proj", project, "--target", target], check=True,
                   cwd=REPO_ROOT)


def table(project: str, reports: dict[str, ProfileReport]) -> str:
    """One row per SoC: total cycles, ratio to the default SoC, golden; then the three layers furthest from it."""
    base = reports.get(SIM)
    lines = [f"\n{project} ({next(iter(reports.values())).model})\n",
             "| SoC | cycles | vs default SoC | golden |", "|---|---|---|---|"]
    for target, report in reports.items():
        ratio = f"{report.total_cycles / base.total_cycles:.3f}x" if base else "-"
        lines.append(f"| {target} | {report.total_cycles:,} | {ratio} | {report.golden} |")
    for target, report in reports.items():
        if base is None or target == SIM or len(report.layers) != len(base.layers):
            continue
        ratios = sorted(((row.cycles / ref.cycles, row) for row, ref in zip(report.layers, base.layers)
                         if ref.cycles), key=lambda pair: -pair[0])
        worst = ", ".join(f"{row.index} {row.op} {ratio:.2f}x" for ratio, row in ratios[:3])
        lines.append(f"\n{target}: layers furthest from the default SoC: {worst}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", default=",".join(PROJECTS))
    boards = [board.name for board in all_boards() if board.make_sim_soc is not None]
    parser.add_argument("--targets", default=",".join([SIM, *boards]))
    parser.add_argument("--report-only", action="store_true", help="print the last runs' profiles, simulate nothing")
    args = parser.parse_args()
    for project in args.projects.split(","):
        reports = {}
        for target in args.targets.split(","):
            if not args.report_only:
                simulate(project, target)
            path = profile_path(project, target)
            if path.is_file():
                reports[target] = load_profile_json(path)
        if reports:
            print(table(project, reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
