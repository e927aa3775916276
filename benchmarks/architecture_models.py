"""Generated models of deployed architectures (scripts/make_architecture_models.py) run end to end on the
baseline SoC (proj_template, VexRiscv full+cfu, no CFU use), each checked against TFLite Micro.

Usage: .venv/bin/python benchmarks/architecture_models.py [--models DIR] [--fast] [NAME ...]
DIR defaults to build/architectures (write it with scripts/make_architecture_models.py); the small models are
also in tests/data/architectures. Each run is a real `cfu sim` in the Verilator SoC, or with --fast `cfu fast`
(the fast simulator, for models too long for the RTL). Prints one markdown row per model for docs/models.md.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

from cfu.paths import REPO_ROOT
from cfu.profile.report import load_profile_json
from cfu.project import Project


def run(model: Path, fast: bool) -> tuple[str, float]:
    """One simulation of ``model``; the row of the table and the wall time."""
    command = [sys.executable, "-m", "cfu.cli", "fast" if fast else "sim", "--proj", "proj_template",
               "--model", str(model)]
    start = time.monotonic()
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        reason = (result.stdout + result.stderr).strip().splitlines()[-1:] or ["no output"]
        return f"| {model.stem} | - | - | failed: {reason[0]} |", seconds
    report = load_profile_json(Project.load("proj_template").build_dir / ("fast" if fast else "sim") / "profile.json")
    macs = sum(row.macs for row in report.layers)
    return (f"| {model.stem} | {len(report.layers)} | {macs:,} | {report.total_cycles:,} | {report.golden} | "
            f"{'fast simulator' if fast else 'RTL'} |"), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=Path, default=REPO_ROOT / "build" / "architectures")
    parser.add_argument("--fast", action="store_true", help="the fast simulator instead of the RTL")
    parser.add_argument("names", nargs="*", help="model names (default: every .tflite in --models)")
    args = parser.parse_args()
    paths = [args.models / f"{n}.tflite" for n in args.names] or sorted(args.models.glob("*.tflite"))
    rows = []
    for path in paths:
        row, seconds = run(path, args.fast)
        print(f"{row}  ({seconds:.0f} s)", file=sys.stderr, flush=True)
        rows.append(row)
    print("\n| model | layers | MACs | cycles | golden | simulator |\n|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
