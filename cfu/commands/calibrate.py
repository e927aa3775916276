"""``cfu calibrate``: fit the fast simulator's timing model to the RTL simulator with the shipped microbenchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("calibrate", help="fit the fast simulator's timing to the RTL simulator")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the calibration (default: build/fast/calibration.json, used from then on)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sim.fast.calibrate import calibrate
    from sim.fast.timing import LOCAL

    calibrate(path=args.out or LOCAL)
    return 0
