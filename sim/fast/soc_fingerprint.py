"""The fingerprint of the simulated SoC a calibration is fitted on: a hash of the hardware the timing depends on.

It hashes the SoC as built, not the Python that builds it: the Verilog of the target's simulation SoC as
``sim.soc_verilog`` generates it with the null CFU (``soc/rtl/cfu_null.v``), and every Verilog source beside it but
the CFU (the CPU's, the monitor's), each without comments, dates, paths or layout. CPU variant, caches, memory
regions and their latencies, bus width and clock domain are all in that Verilog; a refactor of ``soc/`` that builds
the same hardware leaves the fingerprint, and so the shipped calibration, as they were.

Generating the Verilog takes a few seconds (a LiteX elaboration in a process of its own), so the fingerprint is kept
in ``build/fast/soc-fingerprint/<target>.json`` with the hash of the generator's inputs (the Python and Verilog of
``soc/``, the generator and monitor, the versions of the LiteX packages and of Python). Any change to them runs the
generator again, which gives the same fingerprint while the hardware is the same.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import sys
from pathlib import Path

from cfu.files import write_atomic
from cfu.paths import REPO_ROOT, SHARED_BUILD
from sim.lock import exclusive_lock
from sim.soc_verilog import generate_soc_verilog
from soc.targets import NULL_CFU, SIM

CACHE_DIR = SHARED_BUILD / "fast" / "soc-fingerprint"
#: What the generated Verilog can depend on besides the installed packages below.
GENERATOR_SOURCES = (REPO_ROOT / "soc", REPO_ROOT / "sim" / "soc_verilog.py", REPO_ROOT / "sim" / "monitor.py",
                     REPO_ROOT / "sim" / "rtl")
GENERATOR_PACKAGES = ("litex", "migen", "litedram", "pythondata-cpu-vexriscv", "pythondata-cpu-picorv32")

_VERILOG_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_SPACE = re.compile(r"\s+")


def verilog_essence(text: str) -> str:
    """``text`` without comments (where LiteX writes dates, revisions and the hierarchy) and with every run of
    white space as one blank: what two builds of the same hardware share."""
    return _SPACE.sub(" ", _VERILOG_COMMENT.sub(" ", text)).strip()


def _generator_key(target: str) -> str:
    digest = hashlib.sha256(f"{target} python {sys.version_info[:3]}".encode())
    for name in GENERATOR_PACKAGES:
        try:
            digest.update(f"\0{name} {importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"\0{name} absent".encode())
    for root in GENERATOR_SOURCES:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix in (".py", ".v", ".vh"):
                digest.update(f"\0{path.relative_to(REPO_ROOT)}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _hardware_hash(out_dir: Path, target: str) -> str:
    sources = generate_soc_verilog(NULL_CFU, out_dir, None, target)
    digest = hashlib.sha256()
    verilog = [out_dir / "gateware" / "sim.v", *(path for path in sources if path.resolve() != NULL_CFU.resolve())]
    for path in verilog:
        digest.update(b"\0" + verilog_essence(path.read_text(errors="replace")).encode())
    return digest.hexdigest()[:16]


def soc_fingerprint(target: str = SIM) -> str:
    """A hash of the hardware of ``target``'s simulation SoC, the CFU left out (cached; see the module)."""
    key = _generator_key(target)
    cache = CACHE_DIR / f"{target}.json"
    with exclusive_lock(CACHE_DIR / f"{target}.lock"):
        if cache.is_file():
            kept = json.loads(cache.read_text())
            if kept.get("key") == key:
                return kept["fingerprint"]
        fingerprint = _hardware_hash(CACHE_DIR / target, target)
        write_atomic(cache, json.dumps({"key": key, "fingerprint": fingerprint}, indent=1) + "\n")
    return fingerprint
