"""Generate a target's LiteX software headers (``generated/csr.h``, ``soc.h``, ``mem.h``, ``regions.ld``).

Firmware is compiled against these; generating them does not compile the BIOS or any gateware.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from litex.soc.integration.builder import Builder

from soc.generated import copy_headers
from soc.quiet import quiet_litex
from soc.targets import NULL_CFU, soc_factory


def write_headers(target: str, out_dir: Path, cfu_verilog: Path = NULL_CFU, make_soc=None) -> Path:
    """Write ``out_dir/generated/*`` for ``target`` and return ``out_dir/generated``.

    The headers do not depend on the CFU; ``cfu_verilog`` only has to be a valid ``Cfu``. ``make_soc(cfu_verilog,
    build_dir)``, if given, builds the SoC instead of ``soc.targets.soc_factory(target)`` (the FPGA flow's own
    SoCs, such as the Fomu's PicoRV32 one: :func:`cfu.fpga.socgen.write_board_headers`).
    """
    with tempfile.TemporaryDirectory() as tmp, quiet_litex():
        soc = make_soc(cfu_verilog, Path(tmp) / "soc") if make_soc else soc_factory(target)(cfu_verilog)
        builder = Builder(soc, output_dir=tmp, compile_software=False, compile_gateware=False)
        builder.build(run=False)
        return copy_headers(Path(builder.generated_dir), Path(out_dir) / "generated")
