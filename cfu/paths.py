"""Where things are: the checkout, the build directory shared by its projects, the shared MLPerf Tiny models."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["REPO_ROOT", "FIRMWARE_DIR", "SHARED_BUILD", "mlperf_models_dir"]

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The firmware's C sources (runtime, kernels, model runtime), for the device and host builds alike.
FIRMWARE_DIR = REPO_ROOT / "firmware"
#: Things built once per checkout (simulation core, BIOS images) live in ``build/`` at the repository top.
SHARED_BUILD = REPO_ROOT / "build"


def mlperf_models_dir() -> Path:
    """The four MLPerf Tiny int8 models: ``$CFU_MLPERF_DIR``, else ``shared/models/mlperf_tiny`` beside the checkout.

    They are read from there, never copied into the repository.
    """
    return Path(os.environ.get("CFU_MLPERF_DIR") or REPO_ROOT.parent / "shared" / "models" / "mlperf_tiny")
