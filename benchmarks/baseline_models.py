"""Baseline cycles per inference (VexRiscv full+cfu, no CFU use) of the reference models, on the RTL simulator.

Usage: .venv/bin/python benchmarks/baseline_models.py [--shared ../shared/models/mlperf_tiny]
Prints a markdown table per model (the per-layer table of `cfu sim`) and a summary; every run is a real
`cfu sim` in the Verilator SoC, checked against TFLite Micro.
"""

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from cfu.profile.report import load_profile_json
from cfu.project import REPO_ROOT, Project

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
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared" / "models" / "mlperf_tiny")
    args = parser.parse_args()
    jobs = [("proj_template", args.shared / name) for name in MLPERF_MODELS if (args.shared / name).exists()]
    jobs += [("kws_micro", None), ("mnv2_first", None)]
    summary = []
    for project, model in jobs:
        report, seconds = run(project, model)
        macs = sum(row.macs for row in report.layers)
        summary.append(f"| {report.model} | {macs:,} | {report.total_cycles:,} | "
                       f"{report.total_cycles / macs:.2f} | {report.golden} | {seconds:.0f} s |")
        shutil.copy(Project.load(project).build_dir / "sim" / "profile.json",
                    REPO_ROOT / "build" / f"baseline-{report.model}.json")
    print("\n| model | MACs | cycles | cycles/MAC | golden | wall time (build + sim) |\n|---|---|---|---|---|---|")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
