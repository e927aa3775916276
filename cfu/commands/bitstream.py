"""``cfu bitstream``: build a project's SoC for an FPGA board, with resource and Fmax report."""

from __future__ import annotations

import sys
from pathlib import Path

from soc.board import DfuProgrammer
from soc.boards import board_names, get_board

from ..errors import CfuError
from ..freshness import cfu_sha256
from ..fpga import socgen
from ..fpga.dfu import add_dfu_suffix, flash_image
from ..fpga.flow import build
from ..fpga.program import program_command
from ..fpga.report import check
from ..fpga.xilinx import has_vivado, vivado_missing_message
from ..project import Project


def register(subparsers) -> None:
    parser = subparsers.add_parser("bitstream", help="FPGA build with resource and Fmax report")
    parser.add_argument("--proj", required=True, help="project name (a folder in proj/) or path")
    parser.add_argument("--target", required=True, help=f"board: {', '.join(board_names())}")
    parser.add_argument("--cpu", help="CPU (default: the board's first; a board lists its CPUs in soc/boards)")
    parser.add_argument("--accept-timing-failure", action="store_true",
                        help="keep a build whose Fmax is below the board's clock")
    parser.add_argument("--accept-overflow", action="store_true",
                        help="report a design that does not fit the device instead of failing")
    parser.set_defaults(func=run)


def run(args) -> int:
    target = get_board(args.target)
    cpu = args.cpu or target.cpus[0]
    if cpu not in target.cpus:
        raise CfuError(f"CPU '{cpu}' is not available on {target.name}; choose one of {', '.join(target.cpus)}")
    project = Project.load(args.proj)
    out_dir = project.build_dir / target.name
    cfu_verilog = project.cfu_verilog(cpu=cpu)
    if target.device.family == "xilinx" and not has_vivado():
        print(vivado_missing_message(), file=sys.stderr)
    gateware, flash_bios = socgen.generate(target, cpu, cfu_verilog, out_dir)
    report = build(target, gateware, cfu_verilog, out_dir)
    report.cfu_sha256 = cfu_sha256(cfu_verilog)
    if isinstance(target.programmer, DfuProgrammer) and "bitstream" in report.outputs:
        report.outputs["dfu"] = str(write_dfu_image(Path(report.outputs["bitstream"]), flash_bios,
                                                   out_dir / f"{target.name}.dfu"))
    report.write(out_dir / "resources.json")
    print(report.table())
    print(f"report: {out_dir / 'resources.json'}")
    check(report, args.accept_timing_failure, args.accept_overflow)
    image = report.outputs.get("dfu") or report.outputs.get("bitstream")
    if image:
        print(f"program: {' '.join(program_command(target.name, Path(image)).argv)}")
    return 0


def write_dfu_image(bitstream: Path, bios: Path | None, path: Path) -> Path:
    """Write the DFU image: the bitstream, then the BIOS where the CPU starts (if it runs from flash)."""
    boot = bios.read_bytes() if bios is not None else b""
    path.write_bytes(add_dfu_suffix(flash_image(bitstream.read_bytes(), boot)))
    return path
