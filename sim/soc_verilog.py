"""Write a simulated SoC's Verilog, LiteX's C glue and the firmware's headers, in a process of its own.

Migen orders statements by signal ids, which count up through a process: a second elaboration in the same
process writes the same design in another order. Generated in a fresh process (with a fixed string-hash seed),
the same design always gives the same code (only LiteX's comments vary), so the simulator's fingerprint can hash
it exactly, in order.

    python -m sim.soc_verilog CFU_VERILOG OUT_DIR [--trace vcd|fst] [--target sim|BOARD]

The SoC is the default simulated one (``sim``) or a board's simulation SoC (``Board.make_sim_soc``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from cfu.errors import CfuError
from cfu.files import write_atomic
from soc.targets import SIM

#: Written into ``OUT_DIR/gateware``: the Verilog sources besides ``sim.v``, in build order.
SOURCES_FILE = "sources.json"


def generate_soc_verilog(cfu_verilog: Path, out_dir: Path, trace: str | None, target: str = SIM) -> list[Path]:
    """Run the generator for ``target``'s simulated SoC in a subprocess; return the Verilog sources besides
    ``out_dir/gateware/sim.v``.

    The firmware's headers go to ``out_dir/soc/generated`` (files whose content is unchanged keep their timestamps),
    how to preload its memories to ``out_dir/gateware/memory_images.json`` (:mod:`soc.sim_memory`).
    """
    cmd = [sys.executable, "-m", "sim.soc_verilog", str(cfu_verilog), str(out_dir),
           *(["--trace", trace] if trace else []), "--target", target]
    result = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if result.returncode != 0:
        raise CfuError(f"generating the simulated SoC's Verilog failed:\n{result.stderr.strip()[-3000:]}")
    return [Path(source) for source in json.loads((out_dir / "gateware" / SOURCES_FILE).read_text())]


def _simulated_soc(target: str, cfu_verilog: Path, gateware_dir: Path):
    if target == SIM:
        from soc.targets.sim import SimSoC

        return SimSoC(cfu_verilog)
    from soc.boards import get_board
    from soc.targets import target_cpu

    return get_board(target).sim_soc(cfu_verilog, target_cpu(target), gateware_dir)


def _generate(cfu_verilog: Path, out_dir: Path, trace: str | None, target: str) -> None:
    from litex.soc.integration.builder import Builder

    from sim.monitor import add_monitor
    from soc.generated import copy_headers
    from soc.quiet import quiet_litex
    from soc.sim_memory import IMAGES_FILE, write_images
    from soc.targets.sim import BUILD_NAME

    with quiet_litex():
        soc = _simulated_soc(target, cfu_verilog, out_dir / "gateware")
        add_monitor(soc)
        builder = Builder(soc, output_dir=str(out_dir), compile_software=False, compile_gateware=False)
        builder.build(run=False, build_name=BUILD_NAME, trace=trace is not None, trace_fst=trace == "fst")
    copy_headers(Path(builder.generated_dir), out_dir / "soc" / "generated")
    sources = [source for source, *_ in soc.platform.sources if not source.endswith(f"{BUILD_NAME}.v")]
    write_atomic(out_dir / "gateware" / SOURCES_FILE, json.dumps(sources))
    write_images(soc.memory_images, out_dir / "gateware" / IMAGES_FILE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cfu_verilog", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--trace", choices=("vcd", "fst"))
    parser.add_argument("--target", default=SIM)
    args = parser.parse_args(argv)
    try:
        _generate(args.cfu_verilog, args.out_dir, args.trace, args.target)
    except CfuError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
