"""``cfu sim``: run firmware in the Verilator simulation of the whole SoC and exit with the firmware's code."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import CfuError
from ..project import REPO_ROOT, Project


def register(subparsers) -> None:
    parser = subparsers.add_parser("sim", help="run firmware in the RTL (Verilator) simulation of the SoC")
    parser.add_argument("--proj", help="project name (a folder in proj/) or path: its CFU and build directory")
    parser.add_argument("--cfu-verilog", type=Path, help="Verilog of module Cfu (instead of the project's)")
    parser.add_argument("--firmware", type=Path,
                        help="run this flat binary (linked at 0x40000000) instead of building the project's firmware")
    parser.add_argument("--model", type=Path,
                        help="profile this .tflite model instead of the project's own (proj/<p>/model/*.tflite)")
    parser.add_argument("--sw-only", action="store_true", help="build the firmware with CFU instructions emulated")
    parser.add_argument("--max-cycles", type=int, default=0,
                        help="cycle budget; the run fails with status 124 when exceeded (default: none)")
    parser.add_argument("--cfu-timeout", type=int, default=None,
                        help="cycles a CFU instruction may wait for its response (status 125 when exceeded; 0: off)")
    parser.add_argument("--build-dir", type=Path,
                        help="where the model is built (default: <project>/build/sim, or build/sim)")
    parser.add_argument("--trace", choices=("vcd", "fst"), help="record a waveform (builds a traced model)")
    parser.add_argument("--trace-file", type=Path, help="waveform path (default: <build>/sim/sim.<vcd|fst>)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sim.model import build_model
    from sim.runner import simulate

    if args.proj is None and args.cfu_verilog is None:
        raise CfuError("say which CFU to simulate: --proj NAME or --cfu-verilog FILE")
    project = Project.load(args.proj) if args.proj else None
    if args.firmware is None:
        if project is None:
            raise CfuError("--cfu-verilog needs --firmware: without one, give --proj to build the project's firmware")
        return _profile_project(project, args)
    cfu_verilog = args.cfu_verilog or project.cfu_verilog()
    build_dir = args.build_dir or (project.build_dir if project else REPO_ROOT / "build") / "sim"
    result = simulate(build_model(cfu_verilog, build_dir, trace=args.trace), args.firmware,
                      max_cycles=args.max_cycles, cfu_timeout=args.cfu_timeout, trace_file=args.trace_file)
    if result.exit_code != 0:
        print(f"cfu sim: {result.reason} (exit code {result.exit_code})")
    return result.status


def _profile_project(project: Project, args: argparse.Namespace) -> int:
    from ..profile.run import SimRun, run_in_rtl_sim

    return run_in_rtl_sim(SimRun(project, args.model or project.model_path(), sw_only=args.sw_only,
                                 max_cycles=args.max_cycles, cfu_timeout=args.cfu_timeout, trace=args.trace))
