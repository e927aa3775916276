"""The MLPerf Tiny table of docs/benchmarks.md: every shipped project, every model, in the RTL simulator.

Usage: .venv/bin/python benchmarks/mlperf_table.py [--projects proj_template,kws_micro,mnv2_first]
           [--models ad01,kws,vww,ic] [--targets sim,<board>,...] [--inferences 2] [--workdir /tmp/mlperf_table]
       .venv/bin/python benchmarks/mlperf_table.py --report-only [--workdir ...]

Each cell is a real `cfu mlperf --proj <copy> --target <t> --inferences N --models <m>` (golden-checked against
TFLite Micro), run in a copy of the project under the work folder (`<t>_<project>`, so the user's build/ is left
alone), one model at a time: each finished cell's mlperf.json is kept as `results/<t>_<project>_<m>.json`, and a
cell already there is not run again (an interrupted table resumes). Prints one Markdown table per target.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from cfu.mlperf.bench import MlperfReport, load_mlperf_json
from cfu.paths import REPO_ROOT
from cfu.project import Project
from soc.targets import SIM

PROJECTS = ("proj_template", "kws_micro", "mnv2_first")
MODELS = ("ad01", "kws", "vww", "ic")


def result_path(workdir: Path, target: str, project: str, model: str) -> Path:
    return workdir / "results" / f"{target}_{project}_{model}.json"


def run_cell(workdir: Path, target: str, project: str, model: str, inferences: int) -> None:
    """One model of one project on one target; its mlperf.json is kept under ``results/``."""
    copy = workdir / f"{target}_{project}"
    if not copy.is_dir():
        shutil.copytree(Project.load(project).root, copy, ignore=shutil.ignore_patterns("build"))
    subprocess.run([sys.executable, "-m", "cfu.cli", "mlperf", "--proj", str(copy), "--target", target,
                    "--inferences", str(inferences), "--models", model], cwd=REPO_ROOT, check=True)
    result = result_path(workdir, target, project, model)
    result.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Project.load(str(copy)).build_dir / target / "mlperf.json", result)


def cell(report: MlperfReport, default_soc: MlperfReport | None) -> str:
    """Median cycles, ms at a board's clock and the ratio to the default SoC's cycles (when that cell ran), the
    golden verdicts and the cold inference's cycles."""
    (row,) = report.models
    if row.status != "ok":
        return row.status
    ms = f", {row.median_ms:,.2f} ms" if report.target != SIM else ""
    base = default_soc.models[0].median_cycles if default_soc and default_soc.models[0].status == "ok" else None
    ratio = f", {row.median_cycles / base:.3f}x" if base else ""
    golden = "golden: pass" if row.passed else f"golden: {', '.join(row.golden)}"
    return f"{row.median_cycles:,.0f}{ms}{ratio}, {golden} (cold {row.cold_cycles:,})"


def results(workdir: Path, target: str, projects: list[str], models: list[str]) -> dict[tuple[str, str], MlperfReport]:
    return {(project, model): load_mlperf_json(path) for project in projects for model in models
            if (path := result_path(workdir, target, project, model)).is_file()}


def table(workdir: Path, target: str, projects: list[str], models: list[str]) -> str:
    """One row per model, one column per project; a board's cells with their ratio to the default SoC's."""
    reports = results(workdir, target, projects, models)
    default_soc = results(workdir, SIM, projects, models) if target != SIM else {}
    if not reports:
        return f"\n{target}: no results yet"
    first = next(iter(reports.values()))
    clock = f", ms at {first.clock_hz / 1e6:g} MHz" if target != SIM else ""
    lines = [f"\n{target}: {first.simulator}{clock}\n",
             "| model | " + " | ".join(projects) + " |", "|---|" + "---|" * len(projects)]
    for model in models:
        cells = [cell(reports[project, model], default_soc.get((project, model))) if (project, model) in reports
                 else "not run" for project in projects]
        lines.append(f"| {model} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", default=",".join(PROJECTS))
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--targets", default="sim", help="comma-separated: sim and/or boards (docs/benchmarks.md "
                        "gives the ones of its table)")
    parser.add_argument("--inferences", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/mlperf_table"))
    parser.add_argument("--report-only", action="store_true", help="print the tables of the kept results only")
    args = parser.parse_args()
    projects, models, targets = (value.split(",") for value in (args.projects, args.models, args.targets))
    for target in targets:
        for project in projects:
            for model in models:
                if not args.report_only and not result_path(args.workdir, target, project, model).is_file():
                    run_cell(args.workdir, target, project, model, args.inferences)
        print(table(args.workdir, target, projects, models))
    return 0


if __name__ == "__main__":
    sys.exit(main())
