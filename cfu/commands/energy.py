"""``cfu energy``: energy per inference on a board target, estimated (docs/energy.md); writes
``build/<target>/energy.json``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..project import Project


def register(subparsers) -> None:
    parser = subparsers.add_parser("energy", help="estimate energy per inference on a board target from published "
                                   "power figures, the bitstream's resources and the activity measured in the "
                                   "simulator; writes build/<target>/energy.json")
    parser.add_argument("--proj", required=True, help="project name (a folder in proj/) or path")
    parser.add_argument("--target", default="sim", help="board whose FPGA is estimated (one of the boards in "
                        "soc/boards/)")
    parser.add_argument("--model", type=Path, help="model whose activity is measured (default: the project's)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..energy.activity import measure_activity
    from ..energy.estimate import estimate_energy, format_energy, write_energy_json
    from ..freshness import cfu_sha256
    from ..mlperf.bench import target_clock_hz
    from ..energy.inputs import board_power, mlperf_cycles, model_to_measure, read_resources

    project = Project.load(args.proj)
    make = f"make PROJ={project.argument}"
    power = board_power(args.target, make)
    design = cfu_sha256(project.cfu_verilog())
    resources = read_resources(project.build_dir / args.target / "resources.json", design,
                               f"{make} TARGET={args.target} bitstream")
    model = model_to_measure(project, args.model)
    activity = measure_activity(project, model, args.target)
    latencies = mlperf_cycles(project.build_dir / args.target / "mlperf.json", design,
                              f"{make} TARGET={args.target} mlperf")
    estimate = estimate_energy(project.name, args.target, target_clock_hz(args.target), resources, power, activity,
                               latencies, design)
    path = project.build_dir / args.target / "energy.json"
    write_energy_json(estimate, path)
    print(format_energy(estimate))
    print(f"cfu energy: wrote {path}")
    return 0
