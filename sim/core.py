"""Build LiteX's simulation core (event loop, pads, config parser) and its I/O modules, once.

They do not depend on the SoC, so every project links the same objects from ``build/sim-core-<digest>`` (the
digest of the sources and how they are compiled, so a changed recipe builds a new core). A lock file lets two first
builds run at once: the second waits for the first and then uses its result.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import litex.build.sim as litex_sim

from cfu.errors import CfuError
from cfu.paths import SHARED_BUILD
from sim.lock import exclusive_lock

LITEX_CORE = Path(litex_sim.__file__).parent / "core"
CORE_SOURCES = ("sim.c", "modules.c", "pads.c", "parse.c", "libdylib.c")
MODULES = ("clocker", "serial2console", "serial2tcp")
CFLAGS = ("-O2", "-Wall", "-Wno-unused-variable", "-Wno-unused-but-set-variable")
LIBS = ("-levent", "-ljson-c", "-lz", "-lm", "-ldl", "-lpthread")
#: sim.c's ``main`` is renamed: ``sim/harness/veril.cpp`` has the process's ``main`` and hands TCP runs to it.
SOURCE_FLAGS = {"sim.c": ("-Dmain=litex_sim_main",)}


@dataclass(frozen=True)
class SimCore:
    """Paths of the built core: ``objects`` to link into ``Vsim``, ``modules_dir`` to load at run time."""

    include_dir: Path
    objects: tuple[Path, ...]
    modules_dir: Path


def _run(cmd: list[str], cwd: Path) -> None:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise CfuError(f"building LiteX's simulation core failed: {' '.join(cmd)}\n{result.stderr[-3000:]}\n"
                       "Is libevent-dev and libjson-c-dev installed? (bash scripts/setup.sh)")


def _compile(out: Path) -> None:
    gcc = shutil.which("gcc") or "gcc"
    for source in CORE_SOURCES:
        _run([gcc, "-c", *CFLAGS, *SOURCE_FLAGS.get(source, ()), "-I", str(LITEX_CORE),
              "-o", str(out / source.replace(".c", ".o")), str(LITEX_CORE / source)], out)
    (out / "modules").mkdir()
    for module in MODULES:
        _run([gcc, *CFLAGS, "-fPIC", "-shared", "-I", str(LITEX_CORE), "-o", str(out / "modules" / f"{module}.so"),
              str(LITEX_CORE / "modules" / module / f"{module}.c"), *LIBS], out)


def _recipe_digest() -> str:
    """A short digest of the core's sources (LiteX's) and of how they are compiled."""
    digest = hashlib.sha256(json.dumps([CORE_SOURCES, MODULES, CFLAGS, SOURCE_FLAGS, LIBS]).encode())
    sources = [LITEX_CORE / source for source in CORE_SOURCES]
    sources += [LITEX_CORE / "modules" / module / f"{module}.c" for module in MODULES]
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def build_core(shared_dir: Path = SHARED_BUILD) -> SimCore:
    """Return the simulation core, compiling it into ``shared_dir/sim-core-<digest>`` on first use (atomically,
    locked)."""
    out = shared_dir / f"sim-core-{_recipe_digest()}"
    with exclusive_lock(shared_dir / "sim-core.lock"):
        if not out.is_dir():
            tmp = Path(tempfile.mkdtemp(prefix=".sim-core-", dir=shared_dir))
            tmp.chmod(0o755)
            try:
                _compile(tmp)
                os.replace(tmp, out)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
    return SimCore(
        include_dir=LITEX_CORE,
        objects=tuple(out / source.replace(".c", ".o") for source in CORE_SOURCES),
        modules_dir=out / "modules",
    )
