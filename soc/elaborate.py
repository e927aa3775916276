"""Elaborate a target's SoC to Verilog (and the toolchain's build script) without running any tool."""

from __future__ import annotations

from pathlib import Path

from litex.soc.integration.builder import Builder

from soc.quiet import quiet_litex
from soc.targets import NULL_CFU, soc_factory


def elaborate(target: str, out_dir: Path, cfu_verilog: Path = NULL_CFU) -> Path:
    """Write ``out_dir/gateware/<target>.v`` and the LiteX headers; return the Verilog path.

    The BIOS is not compiled, so a ROM, if the target has one, is left empty.
    """
    with quiet_litex():
        soc = soc_factory(target)(cfu_verilog)
        builder = Builder(soc, output_dir=str(out_dir), compile_software=False, compile_gateware=False)
        builder.build(run=False, build_name=target)
    return Path(builder.gateware_dir) / f"{target}.v"
