"""Benchmark the Verilator SoC: simulator build times (cold, after a firmware change, after a CFU change) and
simulated cycles per second on a memory- and CFU-heavy loop, or on a given firmware image.

    .venv/bin/python -m sim.bench [--cycles N] [--target sim|BOARD] [--image FIRMWARE.bin --cfu-verilog CFU.v]

``--target`` a board benchmarks that board's simulation SoC (its DRAM behind LiteDRAM) instead of the default one.
``--image`` measures the rate on a firmware image (e.g. a project's ``build/firmware/sim/firmware.bin``) instead of
the benchmark loop; ``--cfu-verilog`` is then the CFU the image was built for (``build/gateware/cfu.v``). The image
must still run after ``--cycles`` cycles (the rate is taken over a run the cycle budget ends). ``--litex-loop``
also measures, taking turns, the same simulator run through LiteX's event loop (the driver before ``Vsim``'s own,
docs/simulation.md).

Builds in a scratch directory; the shared simulation core in ``build/`` is reused if present.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

from sim.core import build_core
from sim.runner import CYCLE_BUDGET_EXCEEDED, run
from sim.testfw import build_firmware
from sim.verilated import build_simulator
from soc.targets import NULL_CFU, SIM


def _timed(action):
    start = time.perf_counter()
    value = action()
    return value, time.perf_counter() - start


def children_cpu_seconds() -> float:
    """CPU time (user and system) of this process's finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=20_000_000, help="cycles simulated per measurement")
    parser.add_argument("--repeat", type=int, default=3, help="measurements of the simulation rate")
    parser.add_argument("--target", default=SIM, help="the simulated SoC: 'sim' or a board with a simulation SoC")
    parser.add_argument("--rate-only", action="store_true", help="measure the simulation rate, not the rebuilds")
    parser.add_argument("--image", type=Path, help="measure the rate on this firmware image (flat binary)")
    parser.add_argument("--cfu-verilog", type=Path, default=NULL_CFU, help="the CFU to build the simulator with")
    parser.add_argument("--litex-loop", action="store_true", help="measure LiteX's event loop too (the driver before)")
    args = parser.parse_args(argv)
    build_core()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cfu = work / "cfu.v"
        cfu.write_text(args.cfu_verilog.read_text())
        simulator, cold = _timed(lambda: build_simulator(cfu, work / "sim", target=args.target))
        firmware = args.image or build_firmware(simulator.headers_dir.parent, work / "fw", "BENCH")
        print(f"simulator build, cold:                    {cold:6.1f} s")
        if not args.rate_only:
            _, unchanged = _timed(lambda: build_simulator(cfu, work / "sim", target=args.target))
            cfu.write_text(NULL_CFU.read_text().replace("32'd0;", "32'd1;"))  # another CFU: a rebuild
            _, changed = _timed(lambda: build_simulator(cfu, work / "sim", target=args.target))
            print(f"simulator check after a firmware change:  {unchanged:6.1f} s (no rebuild)")
            print(f"simulator rebuild after a CFU change:     {changed:6.1f} s")
        drivers = {"Vsim's driver": False, **({"LiteX's event loop": True} if args.litex_loop else {})}
        rates: dict[str, list[float]] = {name: [] for name in drivers}
        cpu_rates: dict[str, list[float]] = {name: [] for name in drivers}
        for _ in range(args.repeat):
            for name, litex_loop in drivers.items():  # taking turns: the machine's load changes alike for both
                cpu_before = children_cpu_seconds()
                result, seconds = _timed(lambda: run(simulator, firmware, max_cycles=args.cycles, out=io.StringIO(),
                                                       litex_loop=litex_loop))
                if result.exit_code != CYCLE_BUDGET_EXCEEDED:
                    print(f"the firmware ended before {args.cycles} cycles: {result.reason}\n{result.output[-2000:]}")
                    return 1
                rates[name].append(args.cycles / seconds)
                cpu_rates[name].append(args.cycles / (children_cpu_seconds() - cpu_before))
        for name in drivers:
            print(f"{name}, simulation rate over {args.cycles} cycles: best {max(rates[name]) / 1e6:.2f} M cycles/s, "
                  f"all {', '.join(f'{r / 1e6:.2f}' for r in rates[name])}")
            # On a shared machine wall time measures the load; the simulator's own CPU time does not.
            print(f"{name}, per second of the simulator's CPU time: best {max(cpu_rates[name]) / 1e6:.2f} M cycles/s, "
                  f"all {', '.join(f'{r / 1e6:.2f}' for r in cpu_rates[name])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
