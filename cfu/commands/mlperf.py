"""``cfu mlperf``: the four MLPerf Tiny reference models on the target's SoC (the default simulated one, or a
board's own with its memory system), in the RTL simulator."""

from __future__ import annotations

import argparse

from ..paths import mlperf_models_dir
from ..project import Project

#: Inferences per model by default: one cold, four to take the median of.
DEFAULT_INFERENCES = 5


def register(subparsers) -> None:
    parser = subparsers.add_parser("mlperf", help="MLPerf Tiny latency of the project (RTL simulation, several "
                                   "inferences per model, golden-checked); writes build/<target>/mlperf.json")
    parser.add_argument("--proj", help="project name (a folder in proj/) or path")
    parser.add_argument("--target", default="sim", help="SoC target: sim (default), or a board, whose own SoC "
                        "(memory regions and latency, CPU) is simulated and whose sys clock converts cycles to ms")
    parser.add_argument("--models", help="comma-separated subset of ad01,kws,vww,ic (default: all four)")
    parser.add_argument("--inferences", type=int, default=DEFAULT_INFERENCES,
                        help=f"inferences per model in one run, the first reported apart (default "
                        f"{DEFAULT_INFERENCES})")
    parser.add_argument("--max-cycles", type=int, default=None,
                        help="cycle budget of each model's run (default: from the model's work; 0: none)")
    parser.add_argument("--simulator", choices=("rtl", "fast"), default="rtl",
                        help="rtl: the Verilator SoC (default, cycle-accurate); fast: the fast simulator (its "
                        "calibrated estimate, labelled so; docs/fast.md gives its error), on the default SoC only")
    parser.add_argument("--download", action="store_true",
                        help="fetch the missing model files from the MLCommons tiny repository into the models "
                        "folder ($CFU_MLPERF_DIR or shared/models/mlperf_tiny beside the checkout), checking their "
                        "pinned SHA-256 sums, then stop")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import CfuError
    from ..mlperf.bench import format_mlperf_table, run_mlperf, write_mlperf_json
    from ..mlperf.models import download_models, select_models
    from soc.targets import simulated_soc

    models = select_models([name.strip() for name in args.models.split(",")] if args.models else None)
    if args.download:
        written = download_models(models, mlperf_models_dir())
        print(f"cfu mlperf: {len(written)} downloaded, {len(models) - len(written)} already there, all sums match")
        return 0
    if args.proj is None:
        raise CfuError("say which project to benchmark: --proj NAME")
    if args.inferences < 1:
        raise CfuError(f"--inferences must be at least 1, not {args.inferences}")
    target = simulated_soc(args.target)
    project = Project.load(args.proj)
    simulator, out_name = None, None
    if args.simulator == "fast":
        from sim.fast.simulator import OUT_NAME, FastTarget, ensure_calibration

        _refuse_fast_on_a_board(project, target)
        simulator, out_name = FastTarget(ensure_calibration()), OUT_NAME
    report = run_mlperf(project, target, models, mlperf_models_dir(), args.inferences, args.max_cycles,
                        simulator, out_name)
    path = project.build_dir / target / "mlperf.json"
    write_mlperf_json(report, path)
    print(format_mlperf_table(report))
    print(f"cfu mlperf: wrote {path}")
    return 0 if all(row.passed for row in report.models) else 1


def _refuse_fast_on_a_board(project: Project, target: str) -> None:
    """The fast simulator's timing model is calibrated on the default SoC (VexRiscv, single-cycle main RAM): a
    board's memory system (23 to 45 % more cycles on the DRAM boards) or CPU would be missing from its figures."""
    from soc.targets import SIM

    from ..errors import CfuError
    from ..profile.run import board_simulator_name

    if target != SIM:
        raise CfuError(f"--simulator fast models the default simulated SoC only (VexRiscv full+cfu, single-cycle main "
                       f"RAM: the SoC it is calibrated on), not the {target} SoC ({board_simulator_name(target)}); "
                       f"run that SoC in the RTL simulator (make PROJ={project.argument} TARGET={target} mlperf) or "
                       "the fast simulator on the default SoC (--target sim)")
