"""Baseline cycles per inference (VexRiscv full+cfu, no CFU use) of the reference models, on the RTL simulator.

Usage: .venv/bin/python benchmarks/baseline_models.py [--shared ../shared/models/mlperf_tiny] [--report-only]
Every run is a real `cfu sim` in the Verilator SoC, checked against TFLite Micro; each profile is kept as
build/baseline-<model>.json. Prints a summary table and each model's per-layer table (markdown);
--report-only prints them again from the kept profiles without simulating.
"""

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from cfu.profile.report import ProfileReport, format_table, load_profile_json
from cfu.paths import REPO_ROOT, mlperf_models_dir
from cfu.project import Project

MLPERF_MODELS = ("kws_ref_model.tflite", "vww_96_int8.tflite", "pretrainedResnet_quant.tflite", "ad01_int8.tflite")


def run(project: str, model: Path | None) -> tuple[dict, float]:
    command = [sys.executable, "-m", "cfu.cli", "sim", "--proj", project]
    if model:
        command += ["--model", str(model)]
    start = time.monotonic()
    subprocess.run(command, check=True, cwd=REPO_ROOT)
    seconds = time.monotonic() - start
    out = Project.load(project).build_dir / "sim"
    return load_profile_json(out / "profile.json"), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=mlperf_models_dir(),
                        help="the MLPerf Tiny models (default: $CFU_MLPERF_DIR or ../shared/models/mlperf_tiny)")
    parser.add_argument("--report-only", action="store_true", help="print the kept profiles, simulate nothing")
    args = parser.parse_args()
    kept = REPO_ROOT / "build"
    reports: list[tuple[ProfileReport, float | None]] = []
    if args.report_only:
        reports = [(load_profile_json(path), None) for path in sorted(kept.glob("baseline-*.json"))]
    else:
        jobs = [("proj_template", args.shared / name) for name in MLPERF_MODELS if (args.shared / name).exists()]
        jobs += [("kws_micro", None), ("mnv2_first", None)]
        kept.mkdir(exist_ok=True)
        for project, model in jobs:
            report, seconds = run(project, model)
            shutil.copy(Project.load(project).build_dir / "sim" / "profile.json", kept / f"baseline-{report.model}.json")
            reports.append((report, seconds))
    print("\n| model | MACs | cycles | cycles/MAC | golden | wall time (build + sim) |\n|---|---|---|---|---|---|")
    for report, seconds in reports:
        macs = sum(row.macs for row in report.layers)
        wall = f"{seconds:.0f} s" if seconds is not None else "-"
        print(f"| {report.model} | {macs:,} | {report.total_cycles:,} | {report.total_cycles / macs:.2f} | "
              f"{report.golden} | {wall} |")
    for report, _ in reports:
        print(f"\n### {report.model}\n\n```\n{format_table(report)}\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
