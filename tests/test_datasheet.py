"""`cfu datasheet`: the page is built from what `cfu sim` and `cfu mlperf` wrote, checked against their JSON,
rendered in headless Chromium; missing inputs say what measures them."""

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from cfu.paths import REPO_ROOT, mlperf_models_dir
from cfu.project import Project

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SECTIONS = ["model", "hardware", "performance", "energy", "correctness", "data-leaving-the-device",
            "operating-conditions", "known-limits", "sources"]


def cfu(*args: str) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-m", "cfu.cli", *args], cwd=REPO_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run


@pytest.fixture(scope="module")
def measured(project_copy) -> Project:
    """proj_template's copy after a profiled run of ad01 and a two-inference MLPerf run of it."""
    project = project_copy("proj_template")
    if not mlperf_models_dir().is_dir():
        pytest.skip("no MLPerf Tiny models beside the checkout")
    cfu("sim", "--proj", str(project.root), "--model", str(mlperf_models_dir() / "ad01_int8.tflite"))
    cfu("mlperf", "--proj", str(project.root), "--models", "ad01", "--inferences", "2")
    cfu("datasheet", "--proj", str(project.root))
    return project


def test_markdown_agrees_with_the_json_it_came_from(measured):
    out = measured.build_dir / "sim"
    markdown = (out / "datasheet.md").read_text()
    profile = json.loads((out / "profile.json").read_text())
    mlperf = json.loads((out / "mlperf.json").read_text())
    assert f"{profile['total_cycles']:,} cycles in all" in markdown
    assert f"| MACs per inference | {sum(layer['macs'] for layer in profile['layers']):,} |" in markdown
    assert "| profiled model | pass |" in markdown
    (ad01,) = mlperf["models"]
    assert (f"| ad01 | anomaly detection | {ad01['macs']:,} | {ad01['cold_cycles']:,} | "
            f"{ad01['median_cycles']:,.0f} | {ad01['median_ms']:.3f} |") in markdown
    assert "| MLPerf ad01 | pass, pass |" in markdown
    # The project's instructions with their docstrings' first lines.
    for slot, instruction in measured.make_cfu().instructions.items():
        first_line = type(instruction).__doc__.strip().splitlines()[0]
        assert f"| {slot} | {type(instruction).__name__} | {first_line} |" in markdown
    assert "Only the model's output tensor (1x640, int8) leaves the device" in markdown
    assert "resources.json not found: run `make PROJ=" in markdown and "TARGET=<board> bitstream`" in markdown
    assert "![cycles per layer of ad01_int8](profile.png)" in markdown
    assert f"| build/sim/profile.json | `make PROJ={measured.root} sim` | current |" in markdown


def test_html_is_self_contained_with_the_chart_inlined(measured):
    page = (measured.build_dir / "sim" / "datasheet.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    (chart,) = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert base64.b64decode(chart) == (measured.build_dir / "sim" / "profile.png").read_bytes()


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium (scripts/setup.sh installs it)")
def test_page_renders_in_headless_chromium(measured, tmp_path):
    from PIL import Image, ImageStat

    page = (measured.build_dir / "sim" / "datasheet.html").as_uri()
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for section in SECTIONS:
        assert f'<section id="{section}">' in dom.stdout
    assert re.search(r'<img alt="cycles per layer of ad01_int8" src="data:image/png;base64,', dom.stdout)
    shot = tmp_path / "page.png"
    render = subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1200,2400", page],
                            capture_output=True, text=True, timeout=120)
    assert render.returncode == 0 and shot.is_file(), render.stderr[-2000:]
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("L")
    assert image.size == (1200, 2400)
    assert ImageStat.Stat(image).stddev[0] > 10  # text, tables and the chart: not a blank page


def test_missing_inputs_are_not_measured_yet_with_their_commands(tmp_path):
    from project_copies import copy_project

    project = copy_project("proj_template", tmp_path)
    cfu("datasheet", "--proj", str(project.root), "--target", "radiona_ulx3s")
    markdown = (project.build_dir / "radiona_ulx3s" / "datasheet.md").read_text()
    make = f"make PROJ={project.root}"
    assert f"Model: not measured yet (profile.json not found: run `{make} TARGET=radiona_ulx3s sim`)." in markdown
    assert (f"MLPerf Tiny latency: not measured yet (mlperf.json not found: run `{make} TARGET=radiona_ulx3s "
            "mlperf`).") in markdown
    assert (f"Resources and Fmax: not measured yet (resources.json not found: run `{make} TARGET=radiona_ulx3s "
            "bitstream`).") in markdown
    assert "| sys clock | 30 MHz |" in markdown
    performance = markdown.split("## Performance")[1].split("## Energy")[0]
    assert not re.search(r"\d{3}", performance.replace(str(project.root), ""))  # no figures where none was measured


def test_a_result_older_than_the_design_is_marked_stale(tmp_path):
    from project_copies import copy_project

    project = copy_project("proj_template", tmp_path)
    (project.build_dir / "sim").mkdir(parents=True)
    mlperf = project.build_dir / "sim" / "mlperf.json"
    mlperf.write_text("{}")
    design = project.root / "cfu.py"
    stat = mlperf.stat()
    os.utime(mlperf, ns=(stat.st_atime_ns, design.stat().st_mtime_ns - 10**9))
    cfu("datasheet", "--proj", str(project.root))
    markdown = (project.build_dir / "sim" / "datasheet.md").read_text()
    assert (f"| build/sim/mlperf.json | `make PROJ={project.root} TARGET=sim mlperf` | stale: older than the "
            f"project's cfu.py or src/ (run `make PROJ={project.root} TARGET=sim mlperf` again) |") in markdown


def test_a_damaged_input_is_named(tmp_path):
    from project_copies import copy_project

    project = copy_project("proj_template", tmp_path)
    (project.build_dir / "sim").mkdir(parents=True)
    (project.build_dir / "sim" / "mlperf.json").write_text("{")
    cfu("datasheet", "--proj", str(project.root))
    markdown = (project.build_dir / "sim" / "datasheet.md").read_text()
    assert f"not measured yet ({project.build_dir / 'sim' / 'mlperf.json'} is unreadable: not valid JSON" in markdown


def test_a_board_datasheet_shows_that_boards_cpu_and_its_own_cfu(tmp_path):
    from project_copies import copy_project

    project = copy_project("kws_micro", tmp_path)
    cfu("datasheet", "--proj", str(project.root), "--target", "kosagi_fomu")
    markdown = (project.build_dir / "kosagi_fomu" / "datasheet.md").read_text()
    assert "| CPU | picorv32 + PCPI bridge (LiteX SoC) |" in markdown
    assert "SmallConvEngine" in markdown and "| ConvEngine |" not in markdown
    assert f"run `make PROJ={project.root} TARGET=kosagi_fomu sim`" in markdown
