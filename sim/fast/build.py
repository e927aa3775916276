"""Build the fast simulator's executable for one CFU: the interpreter (C) linked with the CFU's Verilated model,
or, for ``cfu fast --cfu reference``, with the pipe to the Python reference models.

The executable depends on its sources only (the CFU Verilog and the engine's files); a content fingerprint
decides whether it is rebuilt. It is built in a temporary folder and moved into place, so a half-built engine is
never used.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from cfu.errors import CfuError
from cfu.files import write_atomic
from sim.buildlog import run_logged
from soc.cfu_ports import check_cfu_ports

ENGINE_DIR = Path(__file__).parent / "engine"
INTERPRETER = ENGINE_DIR / "iss.c"
CFU_PORT = ENGINE_DIR / "cfu_port.cpp"
CFU_PIPE = ENGINE_DIR / "cfu_pipe.c"
#: The interpreter is C (computed gotos, designated initialisers): compiled apart from the Verilated C++.
C_FLAGS = ("-O3", "-std=gnu11", "-Wall", "-Wextra", "-fno-strict-aliasing")
VERILATOR_FLAGS = ("-O3", "--x-assign", "fast", "--x-initial", "fast", "--noassert", "-Wno-fatal", "-Wno-lint",
                   "-Wno-style", "-Wno-UNOPTFLAT", "-Wno-MULTIDRIVEN", "-Wno-CASEINCOMPLETE")
MAKE_VARIABLES = ("OPT_FAST=-O3", "OPT_SLOW=-O1", "OPT_GLOBAL=-O2")
EXE_NAME = "fastsim"
#: Verilator 5's generated functions that may read the clock when it is used as an edge only: the edge trigger,
#: and code that runs at construction, at the initial evaluation or in debug builds.
CLOCK_READERS = frozenset({"eval_triggers__act", "ctor_var_reset", "eval_static", "eval_static__TOP", "eval_initial",
                           "eval_initial__TOP", "eval_debug_assertions"})
#: The edge trigger of Verilator 5.006 for a design clocked on the rising edge of `clk` only.
RISING_EDGE_TRIGGER = re.compile(r"__VactTriggered\.at\(0U\) = \(\(IData\)\(vlSelf->clk\)\s*"
                                 r"& \(~ \(IData\)\(vlSelf->__Vtrigrprev__TOP__clk\)\)\);")
_FUNCTION = re.compile(r"^\S.*\bVCfu___024root___(\w+)\(VCfu___024root\* vlSelf\) \{$")
_CLOCK_READ = re.compile(r"vlSelf->clk\b")


def _fingerprint(*inputs: Path, shortcuts: bool = True) -> str:
    digest = hashlib.sha256(json.dumps([C_FLAGS, VERILATOR_FLAGS, MAKE_VARIABLES, shortcuts]).encode())
    for path in (*inputs, *sorted(ENGINE_DIR.iterdir())):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _check_tools(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            raise CfuError(f"the fast simulator needs {tool}; install it with: bash scripts/setup.sh")


def clock_is_edge_only(obj_dir: Path) -> bool:
    """Whether the Verilated ``Cfu`` in ``obj_dir`` reads ``clk`` only to detect its rising edge: then a clock
    cycle needs only the edge's region evaluated (``engine/cfu_port.cpp``, ``tick``)."""
    sources = sorted(obj_dir.glob("VCfu*.cpp"))
    if not any(RISING_EDGE_TRIGGER.search(path.read_text()) for path in sources):
        return False
    for path in sources:
        function = None
        for line in path.read_text().splitlines():
            if found := _FUNCTION.match(line):
                function = found.group(1)
            elif _CLOCK_READ.search(line) and function not in CLOCK_READERS:
                return False
    return True


def _compile_with_verilated_cfu(cfu_verilog: Path, work: Path, *, shortcuts: bool) -> None:
    _check_tools("verilator", "gcc", "make")
    run = partial(run_logged, cwd=work, log=work / "build.log", failure="building the fast simulator failed")
    run(["gcc", *C_FLAGS, "-I", str(ENGINE_DIR), "-c", str(INTERPRETER), "-o", str(work / "iss.o")])
    run(["verilator", "--cc", "--exe", "-Mdir", "obj_dir", "--top-module", "Cfu", "--prefix", "VCfu",
          "-o", EXE_NAME, *VERILATOR_FLAGS, "-CFLAGS", f"-I{ENGINE_DIR}", "-LDFLAGS", str(work / "iss.o"),
          str(cfu_verilog), str(CFU_PORT)])
    if not shortcuts:
        defines = "-DCFU_PORT_EVERY_CYCLE"
    else:
        defines = "-DCFU_PORT_CLOCK_EDGE_ONLY" if clock_is_edge_only(work / "obj_dir") else ""
    run(["make", "-C", "obj_dir", "-f", "VCfu.mk", "-j2", *MAKE_VARIABLES, f"OPT={defines}", EXE_NAME])
    shutil.move(work / "obj_dir" / EXE_NAME, work / EXE_NAME)
    shutil.rmtree(work / "obj_dir")


def _compile_with_cfu_pipe(work: Path) -> None:
    _check_tools("gcc")
    run_logged(["gcc", *C_FLAGS, "-I", str(ENGINE_DIR), str(INTERPRETER), str(CFU_PIPE), "-o", str(work / EXE_NAME)],
               cwd=work, log=work / "build.log", failure="building the fast simulator failed")


def _build_cached(engine_dir: Path, fingerprint: str, compile_into: Callable[[Path], None]) -> Path:
    exe = engine_dir / EXE_NAME
    stamp = engine_dir / "engine.fingerprint"
    if exe.is_file() and stamp.is_file() and stamp.read_text() == fingerprint:
        return exe
    engine_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".engine-", dir=engine_dir.parent))
    try:
        compile_into(work)
        write_atomic(work / "engine.fingerprint", fingerprint)
        shutil.rmtree(engine_dir, ignore_errors=True)
        os.replace(work, engine_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return exe


def build_engine(cfu_verilog: Path, build_dir: Path, *, shortcuts: bool = True) -> Path:
    """Return the fast simulator executable for ``cfu_verilog``, (re)built under ``build_dir/engine`` when needed.

    ``shortcuts=False`` builds an engine that evaluates every CFU clock cycle in full (no idle cycles skipped at
    rest, both clock edges evaluated): the reference the shortcuts of ``engine/cfu_port.cpp`` are tested against.
    """
    cfu_verilog = Path(cfu_verilog).resolve()
    check_cfu_ports(cfu_verilog)
    return _build_cached(Path(build_dir).resolve() / "engine", _fingerprint(cfu_verilog, shortcuts=shortcuts),
                         partial(_compile_with_verilated_cfu, cfu_verilog, shortcuts=shortcuts))


def build_reference_engine(build_dir: Path) -> Path:
    """Return the fast simulator executable whose CFU is the Python reference models
    (:mod:`sim.fast.reference_cfu`), (re)built under ``build_dir/engine-reference`` when needed."""
    return _build_cached(Path(build_dir).resolve() / "engine-reference", _fingerprint(), _compile_with_cfu_pipe)
