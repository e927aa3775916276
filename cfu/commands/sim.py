"""``cfu sim``: run firmware in the Verilator simulation of the whole SoC and exit with the firmware's code.

Two modes: profiling a project (``--proj``: build its firmware with its model, run it, write the profile) and
running a given image (``--firmware``). An option that means nothing in the chosen mode is refused.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from soc.boards import board_names
from soc.targets import SIM, simulated_soc, target_cpu

from ..errors import CfuError
from ..fwbuild.toolchain import Toolchain
from ..profile.model_input import INPUT_SEED
from ..project import REPO_ROOT, Project

#: The cycle budget of ``--firmware`` runs (about ten minutes of simulation); a profiled model gets its own.
FIRMWARE_BUDGET = 1_000_000_000
#: Options that only mean something in one mode: (option, its argparse destination).
_PROFILE_ONLY = (("--model", "model"), ("--sw-only", "sw_only"))
_FIRMWARE_ONLY = (("--cfu-verilog", "cfu_verilog"), ("--build-dir", "build_dir"))


def register(subparsers) -> None:
    parser = subparsers.add_parser("sim", help="run firmware in the RTL (Verilator) simulation of the SoC")
    parser.add_argument("--proj", help="project name (a folder in proj/) or path: its CFU and build directory")
    parser.add_argument("--target", default=SIM,
                        help="the SoC: 'sim' (default: idealised, single-cycle main RAM) or a board with a "
                             f"simulation SoC ({', '.join(board_names())}): its CPU, caches and memory system")
    parser.add_argument("--cfu-verilog", type=Path,
                        help="with --firmware: Verilog of module Cfu (instead of the project's)")
    parser.add_argument("--firmware", type=Path,
                        help="run this flat binary or ELF (linked at 0x40000000) instead of profiling the project's "
                             "model; with an ELF, a stuck CFU instruction or a trap is named by function")
    parser.add_argument("--model", type=Path,
                        help="profile this .tflite model instead of the project's own (proj/<p>/model/*.tflite)")
    parser.add_argument("--sw-only", action="store_true", help="build the firmware with CFU instructions emulated")
    parser.add_argument("--max-cycles", type=int, default=None,
                        help="cycle budget; the run fails with status 124 when exceeded (default: from the model's "
                             f"work when profiling, {FIRMWARE_BUDGET:,} with --firmware; 0: none)")
    parser.add_argument("--cfu-timeout", type=int, default=None,
                        help="cycles a CFU instruction may wait to be accepted and answered (status 125 when "
                             "exceeded; 0: off)")
    parser.add_argument("--build-dir", type=Path, help="with --firmware: where the simulator is built "
                        "(default: <project>/build/<target>, or build/<target>)")
    parser.add_argument("--input-seed", type=int, default=INPUT_SEED,
                        help=f"seed of the model's random int8 input (default {INPUT_SEED}); the golden check "
                             "runs TFLite Micro on the same input")
    parser.add_argument("--trace", choices=("vcd", "fst"), help="record a waveform (builds a traced simulator)")
    parser.add_argument("--trace-file", type=Path,
                        help="with --trace: waveform path (default: <build>/sim/sim.<vcd|fst>)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    _check_options(args)
    args.target = simulated_soc(args.target)
    if args.firmware is None:
        return _profile_project(Project.load(args.proj), args)
    return _run_firmware(args)


def _check_options(args: argparse.Namespace) -> None:
    """Refuse combinations where an option would be silently ignored."""
    if args.proj is None and args.cfu_verilog is None:
        raise CfuError("say which CFU to simulate: --proj NAME or --cfu-verilog FILE")
    if args.firmware is None and args.proj is None:
        raise CfuError("--cfu-verilog needs --firmware: without one, give --proj to build the project's firmware")
    if args.trace_file is not None and args.trace is None:
        raise CfuError("--trace-file needs --trace vcd|fst (the waveform's format)")
    if args.firmware is None:
        for option, dest in _FIRMWARE_ONLY:
            if getattr(args, dest):
                raise CfuError(f"{option} applies to running a given image (--firmware); profiling the project "
                               "uses its own CFU and build directory")
    else:
        for option, dest in _PROFILE_ONLY:
            if getattr(args, dest):
                raise CfuError(f"{option} applies to profiling a project's model, not to running a given image "
                               "(--firmware): leave out one of the two")


def _run_firmware(args: argparse.Namespace) -> int:
    from sim.runner import simulate
    from sim.verilated import build_simulator

    from ..profile.stop import explain_stop

    project = Project.load(args.proj) if args.proj else None
    image, elf = _flat_image(args.firmware)
    cfu_verilog = args.cfu_verilog or project.cfu_verilog(cpu=target_cpu(args.target))
    build_dir = args.build_dir or (project.build_dir if project else REPO_ROOT / "build") / args.target
    max_cycles = FIRMWARE_BUDGET if args.max_cycles is None else args.max_cycles
    result = simulate(build_simulator(cfu_verilog, build_dir, trace=args.trace, target=args.target), image,
                      max_cycles=max_cycles, cfu_timeout=args.cfu_timeout, trace_file=args.trace_file)
    if result.exit_code != 0:
        where = explain_stop(result.exit_code, result.output, elf, None) if elf else None
        print(f"cfu sim: {result.reason} (exit code {result.exit_code})" + (f": {where}" if where else ""))
    return result.status


def _flat_image(firmware: Path) -> tuple[bytes, Path | None]:
    """The image to load, and the ELF to name functions with when ``firmware`` is one (else None)."""
    if not firmware.is_file():
        raise CfuError(f"firmware image not found: {firmware}")
    data = firmware.read_bytes()
    if not data.startswith(b"\x7fELF"):
        return data, None
    tools = Toolchain.find()
    with tempfile.TemporaryDirectory(prefix="cfu-sim-") as tmp:
        flat = Path(tmp) / "firmware.bin"
        result = subprocess.run([tools.objcopy, "-O", "binary", str(firmware), str(flat)], capture_output=True,
                                text=True)
        if result.returncode != 0:
            raise CfuError(f"cannot make a flat image of {firmware}: {result.stderr.strip()}")
        return flat.read_bytes(), firmware


def _profile_project(project: Project, args: argparse.Namespace) -> int:
    from ..profile.run import SimRun, run_in_rtl_sim

    return run_in_rtl_sim(SimRun(project, args.model or project.model_path(), sw_only=args.sw_only,
                                 max_cycles=args.max_cycles, cfu_timeout=args.cfu_timeout, trace=args.trace,
                                 trace_file=args.trace_file, input_seed=args.input_seed, soc=args.target))
