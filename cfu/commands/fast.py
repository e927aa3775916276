"""``cfu fast``: the project's firmware (with its model, if any) on the fast simulator: the image ``cfu sim`` runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..project import Project


def register(subparsers) -> None:
    parser = subparsers.add_parser("fast", help="run firmware on the fast simulator (calibrated against the RTL one)")
    add_run_arguments(parser)
    parser.add_argument("--firmware", type=Path,
                        help="run this flat binary (linked at 0x40000000) instead of building the project's firmware")
    parser.add_argument("--cfu", choices=("verilog", "reference"), default="verilog",
                        help="the CFU: the project's gateware, Verilated (default, exact), or its Python reference "
                             "models (slower, no CFU timing: for gateware still being written)")
    parser.set_defaults(func=run)


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """The options ``cfu fast`` shares with ``cfu fast-error``."""
    parser.add_argument("--proj", required=True, help="project name (a folder in proj/) or path")
    parser.add_argument("--model", type=Path,
                        help="profile this .tflite model instead of the project's own (proj/<p>/model/*.tflite)")
    parser.add_argument("--sw-only", action="store_true", help="build the firmware with CFU instructions emulated")
    parser.add_argument("--max-cycles", type=int, default=None,
                        help="cycle budget; the run fails with status 124 when exceeded (default: from the model's "
                             "work, as `cfu sim`; 0: none)")
    parser.add_argument("--cfu-timeout", type=int, default=None,
                        help="cycles a CFU instruction may wait for its response (status 125 when exceeded; 0: off)")


def run(args: argparse.Namespace) -> int:
    from cfu.profile.run import SimRun, run_profile
    from sim.fast.build import build_engine, build_reference_engine
    from sim.fast.reference_cfu import ReferenceCfu
    from sim.fast.runner import run_fast
    from sim.fast.simulator import OUT_NAME, FastTarget, ensure_calibration

    from .sim import FIRMWARE_BUDGET

    project = Project.load(args.proj)
    calibration = ensure_calibration()
    if args.firmware is not None:
        reference_cfu = ReferenceCfu(project.make_cfu().specs()) if args.cfu == "reference" else None
        if reference_cfu:
            exe = build_reference_engine(project.build_dir / OUT_NAME)
        else:
            exe = build_engine(project.cfu_verilog(), project.build_dir / OUT_NAME)
        budget = FIRMWARE_BUDGET if args.max_cycles is None else args.max_cycles
        result = run_fast(exe, args.firmware, params=calibration.params, max_cycles=budget,
                          cfu_timeout=args.cfu_timeout, reference_cfu=reference_cfu).sim
        if result.exit_code != 0:
            print(f"cfu fast: {result.reason} (exit code {result.exit_code})")
        return result.status
    return run_profile(SimRun(project, args.model or project.model_path(), sw_only=args.sw_only, max_cycles=args.max_cycles,
                              cfu_timeout=args.cfu_timeout, out_name=OUT_NAME), FastTarget(calibration, args.cfu))
