"""``cfu fast-error``: run one firmware image on the RTL and the fast simulator; print the per-layer error."""

from __future__ import annotations

import argparse
from pathlib import Path

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
    parser.add_argument("--rerun-rtl", action="store_true",
                        help="run the RTL simulator even when its last profile of the same image can be reused")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from cfu.profile.report import load_profile_json
    from cfu.profile.run import RtlTarget, SimRun, run_profile
    from cfu.fwbuild import FirmwareBuild
    from sim.fast.error import RtlReference, compare, format_errors, write_error_json
    from sim.fast.simulator import OUT_NAME, FastTarget, ensure_calibration

    project = Project.load(args.proj)
    model = args.model or project.model_path()
    if model is None:
        raise CfuError(f"project '{project.name}' has no model: give one with --model (MODEL= in make)")
    calibration = ensure_calibration()

    image = FirmwareBuild(project, "sim", args.sw_only).build_dir / "firmware.bin"

    def profile_on(target, out_name: str):
        sim_run = SimRun(project, model, sw_only=args.sw_only, max_cycles=args.max_cycles,
                         cfu_timeout=args.cfu_timeout, out_name=out_name)
        status = run_profile(sim_run, target)
        if status != 0:
            raise CfuError(f"the run on {target.command} failed (status {status})")
        return load_profile_json(sim_run.out_dir / "profile.json")

    runs = {OUT_NAME: profile_on(FastTarget(calibration), OUT_NAME)}
    fast_image = image.read_bytes()
    reference = RtlReference(project.build_dir / OUT_NAME / "rtl-reference" / f"{Path(model).stem}.json", image,
                             project.cfu_verilog())
    runs["sim"] = None if args.rerun_rtl else reference.load()
    if runs["sim"] is not None:
        print("cfu fast-error: RTL profile reused: same image, CFU and SoC as its last run (--rerun-rtl runs it again)")
    else:
        runs["sim"] = profile_on(RtlTarget(), "sim")
        if image.read_bytes() != fast_image:
            raise CfuError(f"the RTL simulator's firmware build differs from the fast simulator's ({image}): "
                           "the error would compare different programs")
        reference.save(runs["sim"])
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
