"""The SoC fingerprint of the fast simulator's calibration follows the hardware, not the text of soc/.

Each case edits a private copy of the toolkit's Python packages and computes the fingerprint there in a process of
its own (the copy's ``soc`` generates the Verilog; its ``build/`` holds the cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cfu.paths import REPO_ROOT
from sim.fast import timing
from sim.fast.soc_fingerprint import soc_fingerprint, verilog_essence

PACKAGES = ("cfu", "sim", "soc")
_LEFT_OUT = shutil.ignore_patterns("__pycache__", "build", "obj_dir", "*.so", "*.o")


@pytest.fixture
def toolkit_copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(REPO_ROOT / package, tmp_path / package, ignore=_LEFT_OUT)
    return tmp_path


def fingerprint_of(root: Path) -> str:
    """The fingerprint the toolkit in ``root`` computes, in a fresh process importing it from there."""
    code = ("import sim.fast.soc_fingerprint as f, soc; "
            "assert soc.__file__.startswith(%r), soc.__file__; print(f.soc_fingerprint())" % str(root))
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


def test_a_refactor_keeps_the_fingerprint_and_a_wider_bus_changes_it(toolkit_copy):
    original = fingerprint_of(toolkit_copy)
    assert original == soc_fingerprint()
    sim_target = toolkit_copy / "soc" / "targets" / "sim.py"
    # Comments, a docstring and a local variable's name: the same hardware.
    edit(sim_target, "class SimSoC(SimulatedSoC):\n", "# The default SoC.\nclass SimSoC(SimulatedSoC):\n")
    edit(sim_target, "The default simulated SoC: 16 MiB", "The simulated SoC used by default: 16 MiB")
    for old in ("platform = SimPlatform(", "CRG(platform.", "self, platform, sys_clk_freq", "+= platform.trace"):
        edit(sim_target, old, old.replace("platform", "sim_platform"))
    assert fingerprint_of(toolkit_copy) == original
    # A 64-bit system bus puts a width converter between the CPU and main RAM: other timing.
    edit(toolkit_copy / "soc" / "soc.py", "with_timer=True,", "with_timer=True, bus_data_width=64,")
    assert fingerprint_of(toolkit_copy) != original


def test_verilog_essence_ignores_comments_and_layout_only():
    verilog = "// Date : 2026-01-01\nassign a = b; /* hierarchy\n drawing */\n"
    assert verilog_essence(verilog) == verilog_essence("// Date : 2027-02-02\nassign  a =\n b;\n")
    assert verilog_essence(verilog) != verilog_essence("assign a = c;")


def test_shipped_calibration_matches_this_soc():
    """When this fails, the SoC's hardware changed: run `make calibrate` and ship build/fast/calibration.json."""
    assert timing.load_calibration(timing.SHIPPED).soc_fingerprint == timing.soc_fingerprint()
