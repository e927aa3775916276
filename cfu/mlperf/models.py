"""The four MLPerf Tiny reference models: where they are found, their pinned SHA-256 sums, and the download.

The files come from the MLCommons tiny repository at a fixed commit; a download is kept only when its SHA-256
equals the pinned sum, so a changed or damaged file upstream never becomes a benchmark input.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..errors import CfuError
from ..files import write_atomic

__all__ = ["MlperfModel", "MLPERF_MODELS", "UPSTREAM_URL", "select_models", "model_file", "sha256_of",
           "download_models"]

#: The MLCommons tiny repository at the commit the shared copies were taken from (raw files).
UPSTREAM_URL = "https://raw.githubusercontent.com/mlcommons/tiny/1afd2c9820f795965a6134facd0b4dfae41ef23f"
#: Seconds a download may stall before it is given up.
DOWNLOAD_TIMEOUT = 60


@dataclass(frozen=True)
class MlperfModel:
    """One benchmark: its short name (``--models``), task, file name, path upstream and pinned SHA-256."""

    name: str
    task: str
    file: str
    upstream_path: str
    sha256: str


MLPERF_MODELS: tuple[MlperfModel, ...] = (
    MlperfModel("ad01", "anomaly detection", "ad01_int8.tflite",
                "benchmark/training/anomaly_detection/trained_models/ad01_int8.tflite",
                "87cf24194ef93d1d9b11a591d805526b98008e351655d29883c825c9c106ba24"),
    MlperfModel("kws", "keyword spotting", "kws_ref_model.tflite",
                "benchmark/training/keyword_spotting/trained_models/kws_ref_model.tflite",
                "aeea436800704fce17b17292e4412630ad856e9d777c044c64ef748a880bd0ae"),
    MlperfModel("vww", "visual wake words", "vww_96_int8.tflite",
                "benchmark/training/visual_wake_words/trained_models/vww_96_int8.tflite",
                "597a384c8c2c8a1276f04702f25013b7838f2f814f1ca7c174d295b73e3d6b7b"),
    MlperfModel("ic", "image classification", "pretrainedResnet_quant.tflite",
                "benchmark/training/image_classification/trained_models/pretrainedResnet_quant.tflite",
                "3c002613d1b2475eb51dd78dfb85a546c8ae658dee71cf6ade43b022fe205415"),
)


def select_models(names: list[str] | None) -> list[MlperfModel]:
    """The models named (all four when ``names`` is None or empty); an unknown name is refused."""
    if not names:
        return list(MLPERF_MODELS)
    known = {model.name: model for model in MLPERF_MODELS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise CfuError(f"unknown MLPerf Tiny model {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[name] for name in names]


def model_file(model: MlperfModel, models_dir: Path) -> Path:
    """The model's file in ``models_dir``; a missing one is named with where it was looked for."""
    path = Path(models_dir) / model.file
    if not path.is_file():
        raise CfuError(f"MLPerf Tiny model {model.file} not found in {models_dir} (get the four files with "
                       "`cfu mlperf --download`, or point CFU_MLPERF_DIR to a copy)")
    return path


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download_models(models: list[MlperfModel], models_dir: Path, base_url: str = UPSTREAM_URL) -> list[Path]:
    """Fetch each model missing from ``models_dir`` from ``base_url``; keep it only when its SHA-256 is the pinned
    one. Files already there are checked, not fetched again. Returns the paths written."""
    written = []
    for model in models:
        path = Path(models_dir) / model.file
        if path.is_file():
            _check_sum(model, path.read_bytes(), str(path))
            continue
        url = f"{base_url.rstrip('/')}/{model.upstream_path}"
        print(f"cfu mlperf: downloading {url}")
        try:
            with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
                data = response.read()
        except (urllib.error.URLError, OSError) as error:
            raise CfuError(f"cannot download {model.file} from {url}: {getattr(error, 'reason', error)}") from None
        _check_sum(model, data, url)
        write_atomic(path, data)
        written.append(path)
    return written


def _check_sum(model: MlperfModel, data: bytes, source: str) -> None:
    found = sha256_of(data)
    if found != model.sha256:
        raise CfuError(f"{model.file} from {source} has SHA-256 {found}, not the pinned {model.sha256}: "
                       "refused (a different or damaged file)")
