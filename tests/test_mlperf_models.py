"""The MLPerf Tiny model files: pinned sums against the shared copies, the download (from a local HTTP server
standing in for the MLCommons repository) and the message for a missing file."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading

import pytest

from cfu.errors import CfuError
from cfu.mlperf.models import MLPERF_MODELS, download_models, model_file, select_models, sha256_of
from cfu.paths import REPO_ROOT, mlperf_models_dir

SHARED_MODELS = mlperf_models_dir()
needs_shared = pytest.mark.skipif(not SHARED_MODELS.is_dir(), reason="no MLPerf Tiny models beside the checkout")


@needs_shared
@pytest.mark.parametrize("model", MLPERF_MODELS, ids=lambda model: model.name)
def test_pinned_sums_match_the_shared_copies(model):
    assert sha256_of((SHARED_MODELS / model.file).read_bytes()) == model.sha256


@pytest.fixture
def upstream(tmp_path):
    """A local HTTP server laid out like the repository (files at their upstream paths); yields (url, root)."""
    root = tmp_path / "upstream"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def _publish(root, model, data: bytes) -> None:
    path = root / model.upstream_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@needs_shared
def test_download_fetches_and_checks_every_file(upstream, tmp_path):
    url, root = upstream
    for model in MLPERF_MODELS:
        _publish(root, model, (SHARED_MODELS / model.file).read_bytes())
    dest = tmp_path / "models"
    written = download_models(list(MLPERF_MODELS), dest, url)
    assert sorted(p.name for p in written) == sorted(model.file for model in MLPERF_MODELS)
    for model in MLPERF_MODELS:
        assert (dest / model.file).read_bytes() == (SHARED_MODELS / model.file).read_bytes()
    assert download_models(list(MLPERF_MODELS), dest, url) == []  # present and checked: not fetched again


@needs_shared
def test_a_corrupted_download_is_refused_and_not_kept(upstream, tmp_path):
    url, root = upstream
    model = select_models(["kws"])[0]
    data = bytearray((SHARED_MODELS / model.file).read_bytes())
    data[1000] ^= 1
    _publish(root, model, bytes(data))
    dest = tmp_path / "models"
    with pytest.raises(CfuError, match=r"kws_ref_model.tflite from http://127\.0\.0\.1.* not the pinned .*refused"):
        download_models([model], dest, url)
    assert not (dest / model.file).exists()


def test_a_file_missing_upstream_is_named(upstream, tmp_path):
    url, _ = upstream
    with pytest.raises(CfuError, match=r"cannot download ad01_int8.tflite from http://127\.0\.0\.1.*ad01_int8"):
        download_models(select_models(["ad01"]), tmp_path / "models", url)


@needs_shared
def test_a_damaged_local_copy_is_named_by_download(tmp_path):
    model = select_models(["ad01"])[0]
    shutil.copy(SHARED_MODELS / model.file, tmp_path / model.file)
    (tmp_path / model.file).write_bytes((tmp_path / model.file).read_bytes()[:-1])
    with pytest.raises(CfuError, match=f"{tmp_path / model.file} has SHA-256"):
        download_models([model], tmp_path, "http://127.0.0.1:9")


def test_a_missing_model_gets_one_line_naming_it_and_where(tmp_path):
    with pytest.raises(CfuError, match=f"vww_96_int8.tflite not found in {tmp_path}"):
        model_file(select_models(["vww"])[0], tmp_path)
    run = subprocess.run([sys.executable, "-m", "cfu.cli", "mlperf", "--proj", "proj_template", "--models", "ic"],
                         cwd=REPO_ROOT, capture_output=True, text=True, env={**os.environ, "CFU_MLPERF_DIR": str(tmp_path)})
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"cfu mlperf: error: MLPerf Tiny model pretrainedResnet_quant.tflite not found in {tmp_path} (get the four "
        "files with `cfu mlperf --download`, or point CFU_MLPERF_DIR to a copy)"]


def test_unknown_model_names_are_refused():
    with pytest.raises(CfuError, match="unknown MLPerf Tiny model resnet; known: ad01, kws, vww, ic"):
        select_models(["ad01", "resnet"])
