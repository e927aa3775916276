"""Build the Verilated simulator of the SoC (``Vsim``) with fast flags, and reuse it while it is current.

The simulator depends on the SoC Verilog, the CFU Verilog and the monitor, never on the firmware: memories are
loaded from ``$readmemh`` files at run time (see :mod:`sim.runner`). A fingerprint of exactly what goes into the
build (each input file's bytes in build order, the commands with their options, the tool versions) decides
whether Verilator runs again; the only bytes left out are LiteX's stamps and hierarchy drawing (comments).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cfu.errors import CfuError
from cfu.files import write_atomic
from sim import pgo
from sim.buildlog import run_logged
from sim.core import LIBS, SimCore, build_core
from sim.lock import exclusive_lock
from sim.soc_verilog import generate_soc_verilog
from soc.targets import SIM
from soc.cfu_ports import check_cfu_ports
from soc.generated import undated

HARNESS = Path(__file__).parent / "harness" / "veril.cpp"
TRACE_FORMATS = ("vcd", "fst")
#: Verilator options of the switching-activity build (:mod:`sim.activity`): toggle counts of every signal bit.
ACTIVITY_FLAGS = ("--coverage-toggle",)

#: Verilator options (docs/interfaces.md, "Facts about the dependencies"): no --output-split, no --threads, X handled
#: the fast way.
VERILATOR_FLAGS = (
    "-O3", "--x-assign", "fast", "--x-initial", "fast", "--unroll-count", "256", "--noassert",
    "-Wno-fatal", "-Wno-lint", "-Wno-style", "-Wno-BLKANDNBLK", "-Wno-COMBDLY", "-Wno-MULTIDRIVEN",
    "-Wno-UNOPTFLAT", "-Wno-CASEINCOMPLETE",
)
#: C++ optimisation of the Verilated code: Verilator's makefile would use -Os for the hot files.
MAKE_VARIABLES = ("OPT_FAST=-O3", "OPT_SLOW=-O1", "OPT_GLOBAL=-O2")
#: Tools whose version changes the simulator (``make`` runs ``g++`` on Verilator's output).
TOOL_VERSION_COMMANDS = (("verilator", "--version"), ("g++", "--version"), ("make", "--version"))

# What LiteX writes into sim.v that changes between identical builds, all in comments, besides the date lines
# (soc.generated.undated): the git revision of the working directory, and the order of the module hierarchy
# drawing. None of it reaches Verilator.
_LITEX_REVISION = re.compile(r"^//\s*LiteX sha1\s*:.*$", re.M)
_LITEX_HIERARCHY = re.compile(r"(^// Hierarchy\n(?://-*\n)?\s*/\*).*?(\*/)", re.M | re.S)


@dataclass(frozen=True)
class Simulator:
    """A built simulator: ``exe`` runs in a directory holding the files named by ``gateware_dir``.

    ``headers_dir`` holds the simulated SoC's LiteX headers (``generated/csr.h``...), for the firmware it runs.
    """

    dir: Path
    gateware_dir: Path
    exe: Path
    trace: str | None
    rebuilt: bool
    headers_dir: Path
    #: Built with toggle coverage (:mod:`sim.activity`): ``Vsim`` writes ``+coverage_file=<path>`` at its end.
    activity: bool = False


@dataclass(frozen=True)
class _Build:
    """The two commands that build ``Vsim`` in ``gateware_dir``, and the files they read, in the order read;
    ``profile_guided``: ``make`` runs through :func:`sim.pgo.make_profile_guided`."""

    verilate: list[str]
    make: list[str]
    inputs: list[Path]
    profile_guided: bool


def _plan(gateware_dir: Path, sources: list[Path], trace: str | None, core: SimCore, jobs: int,
          activity: bool = False, profile_guided: bool = False) -> _Build:
    trace_flags = {None: [], "vcd": ["--trace"], "fst": ["--trace-fst"]}[trace] + list(ACTIVITY_FLAGS if activity else ())
    verilog = [gateware_dir / "sim.v", *sources]
    cpp = [HARNESS, gateware_dir / "sim_init.cpp"]
    verilate = ["verilator", "--cc", "--exe", "-Mdir", "obj_dir", "--top-module", "sim", "-o", "Vsim",
                *VERILATOR_FLAGS, *trace_flags,
                "-CFLAGS", f"-I{core.include_dir} -I{gateware_dir}",
                "-LDFLAGS", " ".join([*map(str, core.objects), *LIBS]),
                *map(str, verilog), *map(str, cpp)]
    make = ["make", "-C", "obj_dir", "-f", "Vsim.mk", f"-j{jobs}", *MAKE_VARIABLES, "Vsim"]
    headers = sorted(gateware_dir.glob("*.h"))
    return _Build(verilate, make, [*verilog, *cpp, *headers, *core.objects], profile_guided)

@functools.cache
def _tool_versions() -> tuple[str, ...]:
    versions = []
    for command in TOOL_VERSION_COMMANDS:
        try:
            result = subprocess.run(command, capture_output=True, text=True)
        except FileNotFoundError:
            raise CfuError(f"{command[0]} not found on PATH; install it with: bash scripts/setup.sh") from None
        versions.append(result.stdout.split("\n", 1)[0])
    return tuple(versions)


def _without_litex_stamps(verilog: bytes) -> bytes:
    text = undated(verilog.decode(errors="surrogateescape"))
    return _LITEX_HIERARCHY.sub(r"\1\2", _LITEX_REVISION.sub("", text)).encode(errors="surrogateescape")


def _fingerprint(build: _Build) -> str:
    """SHA-256 over the build commands (the ``jobs`` count left out), the tool versions and every input's bytes."""
    digest = hashlib.sha256()
    make = [arg for arg in build.make if not arg.startswith("-j")]
    guided = pgo.settings() if build.profile_guided else None
    digest.update(json.dumps([build.verilate, make, _tool_versions(), guided]).encode())
    for path in build.inputs:
        data = path.read_bytes()
        if path.name == "sim.v":
            data = _without_litex_stamps(data)
        digest.update(f"\0{path}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _run(cmd: list[str], cwd: Path, log: Path) -> None:
    run_logged(cmd, cwd, log, "Verilator build of the simulator failed")


def _verilate(gateware_dir: Path, build: _Build, soc_dir: Path) -> None:
    if shutil.which("verilator") is None:
        raise CfuError("verilator not found on PATH; install it with: bash scripts/setup.sh")
    shutil.rmtree(gateware_dir / "obj_dir", ignore_errors=True)
    log = gateware_dir / "verilator.log"
    log.write_text("")
    _run(build.verilate, gateware_dir, log)
    if build.profile_guided:
        pgo.make_profile_guided(build.make, gateware_dir, soc_dir, lambda cmd: _run(cmd, gateware_dir, log))
    else:
        _run(build.make, gateware_dir, log)


def build_simulator(cfu_verilog: Path, build_dir: Path, *, trace: str | None = None, jobs: int = 2,
                    target: str = SIM, activity: bool = False) -> Simulator:
    """Build (or reuse) the simulator for ``cfu_verilog`` under ``build_dir`` (a project's ``build/sim``).

    ``target`` is ``sim`` (the default simulated SoC) or a board with a simulation SoC (``build/<board>``).
    ``trace`` is ``None`` (fastest), ``"vcd"`` or ``"fst"``: a traced simulator lives in its own directory, and so
    does one built for switching ``activity`` (toggle coverage, :mod:`sim.activity`).
    Builds in the same directory from several processes take turns (a lock file).
    """
    if trace not in (None, *TRACE_FORMATS):
        raise CfuError(f"unknown trace format {trace!r}; use one of {', '.join(TRACE_FORMATS)}")
    if trace and activity:
        raise CfuError("a simulator is built either with a trace or for switching activity, not both")
    cfu_verilog = Path(cfu_verilog).resolve()
    check_cfu_ports(cfu_verilog)
    variant = "activity" if activity else trace
    sim_dir = Path(build_dir).resolve() / ("verilated" if variant is None else f"verilated-{variant}")
    gateware_dir = sim_dir / "gateware"
    core = build_core()
    with exclusive_lock(sim_dir / "build.lock"):
        sources = generate_soc_verilog(cfu_verilog, sim_dir, trace, target)
        # Profile-guided builds (sim/pgo.py) train on the default SoC; traced and coverage builds are for short runs.
        guided = pgo.enabled() and target == SIM and trace is None and not activity
        build = _plan(gateware_dir, sources, trace, core, jobs, activity, guided)
        fingerprint = _fingerprint(build)
        stamp = gateware_dir / "build.fingerprint"
        exe = gateware_dir / "obj_dir" / "Vsim"
        rebuilt = not (exe.is_file() and stamp.is_file() and stamp.read_text() == fingerprint)
        if rebuilt:
            stamp.unlink(missing_ok=True)
            _verilate(gateware_dir, build, sim_dir / "soc")
            write_atomic(stamp, fingerprint)
    return Simulator(dir=sim_dir, gateware_dir=gateware_dir, exe=exe, trace=trace, rebuilt=rebuilt,
                     headers_dir=sim_dir / "soc" / "generated", activity=activity)
