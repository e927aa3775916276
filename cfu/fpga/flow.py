"""One FPGA build: the SoC through its family's flow, the CFU synthesised alone, and the report."""

from __future__ import annotations

import time
from pathlib import Path

from soc.board import Board

from . import ecp5, ice40, xilinx
from .gateware import SocGateware
from .report import BuildReport
from .resources import Usage, count_cells
from .yosys import synthesize

FAMILY_FLOWS = {"ice40": ice40.implement, "ecp5": ecp5.implement, "xilinx": xilinx.implement}


def cfu_cost(target: Board, cfu_verilog: Path, workdir: Path) -> tuple[dict[str, Usage], float]:
    """The CFU's own resource use on ``target``'s device (module ``Cfu`` synthesised alone) and the time taken."""
    synth = synthesize(target.device.family, [cfu_verilog], "Cfu", workdir, "cfu")
    return count_cells(target.device.family, synth.cells_by_type, target.device.capacity), synth.run.seconds


def build(target: Board, gateware: SocGateware, cfu_verilog: Path, out_dir: Path) -> BuildReport:
    """Implement ``gateware`` for ``target``, cost the CFU alone, and return the report (not yet checked)."""
    start = time.monotonic()
    impl = FAMILY_FLOWS[target.device.family](target, gateware)
    cfu_usage, cfu_seconds = cfu_cost(target, cfu_verilog, out_dir / "cfu_alone")
    seconds = {**impl.seconds, "cfu_alone": cfu_seconds, "total": time.monotonic() - start}
    device = target.device
    return BuildReport(
        target=target.name, device=device.name, cpu=gateware.cpu,
        logic_units=(device.synth_logic_unit if impl.estimate else device.logic_unit, device.synth_logic_unit),
        clock_mhz=target.clock_mhz, soc=impl.usage, cfu=cfu_usage, clocks=impl.clocks,
        estimate=impl.estimate, outputs={k: str(v) for k, v in impl.outputs.items()}, seconds=seconds)
