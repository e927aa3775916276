"""``cfu fast-error``: run one firmware image on the RTL and the fast simulator; print the per-layer error."""

from __future__ import annotations

import argparse

from ..errors import CfuError
from ..project import Project
from .fast import add_run_arguments


def register(subparsers) -> None:
    parser = subparsers.add_parser("fast-error",
                                   help="measure the fast simulator's error against the RTL one on a model")
    add_run_arguments(parser)
    parser.add_argument("--max-total", type=float, default=None,
                        help="fail (status 1) when the total error exceeds this many percent")
    parser.add_argument("--max-layer", type=float, default=None,
                        help="fail (status 1) when any layer's error exceeds this many percent")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from cfu.profile.report import load_profile_json
    from cfu.profile.run import RTL_SIMULATOR, SimRun, run_profile
    from sim.fast.error import compare, format_errors, write_error_json
    from sim.fast.simulator import OUT_NAME, ensure_calibration, fast_simulator

    project = Project.load(args.proj)
    model = args.model or project.model_path()
    if model is None:
        raise CfuError(f"project '{project.name}' has no model: give one with --model (MODEL= in make)")
    calibration = ensure_calibration()
    runs = {}
    for simulator, out_name in ((RTL_SIMULATOR, "sim"), (fast_simulator(calibration), OUT_NAME)):
        sim_run = SimRun(project, model, sw_only=args.sw_only, max_cycles=args.max_cycles,
                         cfu_timeout=args.cfu_timeout, out_name=out_name)
        status = run_profile(sim_run, simulator)
        if status != 0:
            print(f"cfu fast-error: the run on {simulator.command.split()[-1]} failed (status {status})")
            return status
        runs[out_name] = load_profile_json(sim_run.out_dir / "profile.json")
    report = compare(runs["sim"], runs[OUT_NAME])
    print(f"\nfast simulator against RTL, {report.model} ({calibration.label}):")
    print(format_errors(report))
    path = project.build_dir / OUT_NAME / "error.json"
    write_error_json(report, path, calibration.date)
    print(f"cfu fast-error: wrote {path}")
    failures = []
    if args.max_total is not None and abs(report.total_percent) > args.max_total:
        failures.append(f"total error {report.total_percent:+.2f}% exceeds {args.max_total}%")
    worst = report.worst_layer
    if args.max_layer is not None and worst is not None and abs(worst.percent) > args.max_layer:
        failures.append(f"layer #{worst.index} {worst.op} error {worst.percent:+.2f}% exceeds {args.max_layer}%")
    for failure in failures:
        print(f"cfu fast-error: {failure}")
    return 1 if failures else 0
