"""`cfu mlperf --target <board>`: what the board's SoC cannot run is refused before anything is built."""

import subprocess
import sys

import pytest
from project_copies import copy_project

from cfu.paths import REPO_ROOT, mlperf_models_dir

pytestmark = pytest.mark.skipif(not mlperf_models_dir().is_dir(), reason="no MLPerf Tiny models beside the checkout")


def _mlperf(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfu.cli", "mlperf", "--proj", str(project.root), *args],
                          cwd=REPO_ROOT, capture_output=True, text=True)


def test_models_too_big_for_the_fomu_are_named_with_region_and_bytes(tmp_path):
    project = copy_project("proj_template", tmp_path)  # its own copy: the suite's shared one has build folders
    run = _mlperf(project, "--target", "fomu")  # an alias of kosagi_fomu
    assert run.returncode != 0
    (line,) = run.stdout.splitlines() + run.stderr.splitlines()
    # The Fomu's SPRAM less the BIOS's SRAM: 114,688 bytes for firmware (48 KiB reserve), weights and arena.
    region = "memory region 'main_ram' (SPRAM, 114,688 bytes) is"
    assert f"ad01: the model does not fit the kosagi_fomu SoC: {region} 206,192 bytes short" in line
    assert f"vww: the model does not fit the kosagi_fomu SoC: {region} 239,936 bytes short" in line
    assert f"ic: the model does not fit the kosagi_fomu SoC: {region} 65,056 bytes short" in line
    assert "(firmware 49,152, weights 81,440, arena 49,152)" in line
    assert line.endswith("the others fit: --models kws")
    assert not (project.build_dir / "kosagi_fomu").exists()


def test_the_fast_simulator_is_refused_on_a_board(tmp_path):
    project = copy_project("proj_template", tmp_path)
    run = _mlperf(project, "--target", "radiona_ulx3s", "--simulator", "fast", "--models", "ad01")
    assert run.returncode != 0
    (line,) = run.stdout.splitlines() + run.stderr.splitlines()
    assert ("--simulator fast models the default simulated SoC only (VexRiscv full+cfu, single-cycle main RAM: "
            "the SoC it is calibrated on), not the radiona_ulx3s SoC (verilator (ULX3S SoC: VexRiscv full+cfu, "
            "main memory SDRAM") in line
    assert line.endswith("or the fast simulator on the default SoC (--target sim)")
    assert not (project.build_dir / "fast").exists()
