"""The accelerated kernels on a model of another family, on the fast simulator (same image, same traps as the
RTL): MLPerf's keyword-spotting model starts with a one-channel 10x4 convolution whose input rows are not whole
words, which the host tests cannot catch (x86 loads words at any address; VexRiscv traps)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cfu.paths import mlperf_models_dir

KWS_REF = mlperf_models_dir() / "kws_ref_model.tflite"


@pytest.mark.skipif(not KWS_REF.is_file(), reason=f"{KWS_REF} not found (set CFU_MLPERF_DIR)")
def test_unaligned_rows_fall_back_and_run_golden(tmp_path):
    project = tmp_path / "mnv2_first"  # a private copy: the test builds it
    shutil.copytree(Path(__file__).resolve().parents[1], project, ignore=shutil.ignore_patterns("build"))
    run = subprocess.run([sys.executable, "-m", "cfu.cli", "fast", "--proj", str(project),
                          "--model", str(KWS_REF)], capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "golden: pass" in run.stdout
