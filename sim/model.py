"""Build the Verilator model of the simulated SoC (``Vsim``) with fast flags, and reuse it while it is current.

The model depends on the SoC Verilog, the CFU Verilog and the monitor, never on the firmware: memories are
loaded from ``$readmemh`` files at run time (see :mod:`sim.runner`). A content fingerprint of everything that goes
into the model decides whether Verilator runs again.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from litex.soc.integration.builder import Builder

from cfu.errors import CfuError
from sim.buildlog import run_logged
from sim.core import LIBS, build_core
from sim.monitor import add_monitor
from soc.cfu_ports import check_cfu_ports
from soc.quiet import quiet_litex
from soc.targets.sim import SimSoC

HARNESS = Path(__file__).parent / "harness" / "veril.cpp"
TRACE_FORMATS = ("vcd", "fst")

#: Verilator options (DESIGN §8): no --output-split, no --threads, X handled the fast way.
VERILATOR_FLAGS = (
    "-O3", "--x-assign", "fast", "--x-initial", "fast", "--unroll-count", "256", "--noassert",
    "-Wno-fatal", "-Wno-lint", "-Wno-style", "-Wno-BLKANDNBLK", "-Wno-COMBDLY", "-Wno-MULTIDRIVEN",
    "-Wno-UNOPTFLAT", "-Wno-CASEINCOMPLETE",
)
#: C++ optimisation of the Verilated code: Verilator's makefile would use -Os for the hot files.
MAKE_VARIABLES = ("OPT_FAST=-O3", "OPT_SLOW=-O1", "OPT_GLOBAL=-O2")
_COMMENT_LINE = re.compile(r"^\s*//.*$", re.M)


@dataclass(frozen=True)
class Model:
    """A built simulator: ``exe`` runs in a directory holding the files named by ``gateware_dir``."""

    dir: Path
    gateware_dir: Path
    exe: Path
    trace: str | None
    rebuilt: bool


def _fingerprint(gateware_dir: Path, sources: list[Path], trace: str | None) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([VERILATOR_FLAGS, MAKE_VARIABLES, trace]).encode())
    for path in [gateware_dir / "sim.v", gateware_dir / "sim_init.cpp", HARNESS, *sources]:
        # LiteX stamps generated files with the date, and Migen's statement order varies from run to run
        # (set iteration): hash the sorted non-comment lines.
        lines = _COMMENT_LINE.sub("", path.read_text(errors="replace")).splitlines()
        digest.update("\n".join(sorted(lines)).encode())
    return digest.hexdigest()


def _generate(cfu_verilog: Path, out_dir: Path, trace: str | None) -> list[Path]:
    """Write sim.v, its memory init files and LiteX's C glue; return the Verilog sources besides sim.v."""
    with quiet_litex():
        soc = SimSoC(cfu_verilog)
        add_monitor(soc)
        builder = Builder(soc, output_dir=str(out_dir), compile_software=False, compile_gateware=False)
        builder.build(run=False, build_name="sim", trace=trace is not None, trace_fst=trace == "fst")
    return [Path(source) for source, *_ in soc.platform.sources if not source.endswith("sim.v")]


def _run(cmd: list[str], cwd: Path, log: Path) -> None:
    run_logged(cmd, cwd, log, "Verilator model build failed")


def _verilate(gateware_dir: Path, sources: list[Path], trace: str | None, jobs: int) -> None:
    core = build_core()
    if shutil.which("verilator") is None:
        raise CfuError("verilator not found on PATH; install it with: bash scripts/setup.sh")
    obj_dir = gateware_dir / "obj_dir"
    shutil.rmtree(obj_dir, ignore_errors=True)
    trace_flags = {None: [], "vcd": ["--trace"], "fst": ["--trace-fst"]}[trace]
    log = gateware_dir / "verilator.log"
    log.write_text("")
    _run(["verilator", "--cc", "--exe", "-Mdir", "obj_dir", "--top-module", "sim", "-o", "Vsim",
          *VERILATOR_FLAGS, *trace_flags,
          "-CFLAGS", f"-I{core.include_dir} -I{gateware_dir}",
          "-LDFLAGS", " ".join([*map(str, core.objects), *LIBS]),
          "sim.v", *map(str, sources), str(HARNESS), "sim_init.cpp"],
         gateware_dir, log)
    _run(["make", "-C", "obj_dir", "-f", "Vsim.mk", f"-j{jobs}", *MAKE_VARIABLES, "Vsim"], gateware_dir, log)


def build_model(cfu_verilog: Path, build_dir: Path, *, trace: str | None = None, jobs: int = 2) -> Model:
    """Build (or reuse) the simulator for ``cfu_verilog`` under ``build_dir`` (a project's ``build/sim``).

    ``trace`` is ``None`` (fastest), ``"vcd"`` or ``"fst"``: a traced model lives in its own directory.
    """
    if trace not in (None, *TRACE_FORMATS):
        raise CfuError(f"unknown trace format {trace!r}; use one of {', '.join(TRACE_FORMATS)}")
    cfu_verilog = Path(cfu_verilog).resolve()
    check_cfu_ports(cfu_verilog)
    model_dir = Path(build_dir).resolve() / ("model" if trace is None else f"model-{trace}")
    gateware_dir = model_dir / "gateware"
    sources = _generate(cfu_verilog, model_dir, trace)
    fingerprint = _fingerprint(gateware_dir, sources, trace)
    stamp = gateware_dir / "model.fingerprint"
    exe = gateware_dir / "obj_dir" / "Vsim"
    rebuilt = not (exe.is_file() and stamp.is_file() and stamp.read_text() == fingerprint)
    if rebuilt:
        stamp.unlink(missing_ok=True)
        _verilate(gateware_dir, sources, trace, jobs)
        stamp.write_text(fingerprint)
    return Model(dir=model_dir, gateware_dir=gateware_dir, exe=exe, trace=trace, rebuilt=rebuilt)
