"""`cfu mlperf`: the smallest MLPerf Tiny model, two inferences in one RTL simulation of the ULX3S's own SoC,
golden-checked."""

import json
import subprocess
import sys

import pytest

from cfu.freshness import cfu_sha256
from cfu.mlperf.bench import load_mlperf_json
from cfu.paths import REPO_ROOT, mlperf_models_dir
from soc.boards.radiona_ulx3s import SYS_CLK_FREQ as ULX3S_CLOCK

pytestmark = pytest.mark.skipif(not mlperf_models_dir().is_dir(), reason="no MLPerf Tiny models beside the checkout")


def test_ad01_two_inferences_on_the_board_soc_median_at_its_clock_and_fmax(project_copy):
    project = project_copy("proj_template")
    # The timing part of a bitstream report, as `cfu bitstream` writes it (its test is tests/test_fpga_reports.py).
    resources = project.build_dir / "radiona_ulx3s" / "resources.json"
    resources.parent.mkdir(parents=True, exist_ok=True)
    resources.write_text(json.dumps({"timing": {"target_mhz": 30.0, "fmax_mhz": 35.52, "met": True},
                                     "cfu_sha256": cfu_sha256(project.cfu_verilog())}))
    run = subprocess.run([sys.executable, "-m", "cfu.cli", "mlperf", "--proj", str(project.root), "--target",
                          "radiona_ulx3s", "--models", "ad01", "--inferences", "2"], cwd=REPO_ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.stdout.count("layer 10/10 FULLY_CONNECTED") == 2  # progress for each inference
    assert "MLPerf Tiny, simulated" in run.stdout and "golden: ad01: pass, pass" in run.stdout
    path = project.build_dir / "radiona_ulx3s" / "mlperf.json"
    report = load_mlperf_json(path)
    assert json.loads(path.read_text())["format"] == 2
    assert (report.target, report.clock_hz, report.inferences) == ("radiona_ulx3s", ULX3S_CLOCK, 2)
    # The board's SoC ran (as `make TARGET=radiona_ulx3s sim`), its simulator built in build/radiona_ulx3s.
    assert report.simulator.startswith("verilator (ULX3S SoC: VexRiscv full+cfu, main memory SDRAM")
    assert f"MLPerf Tiny, simulated ({report.simulator}); project " in run.stdout
    assert (project.build_dir / "radiona_ulx3s" / "verilated").is_dir()
    (ad01,) = report.models
    assert (ad01.name, ad01.status, ad01.golden, ad01.macs) == ("ad01", "ok", ["pass", "pass"], 264_192)
    assert len(ad01.warm_cycles) == 1 and ad01.median_cycles == ad01.warm_cycles[0]
    # Cold caches cost the first inference more. The SDRAM behind its 8 KiB L2 costs 3.69 M cycles against the
    # default SoC's 3.36 M (docs/benchmarks.md): ad01 streams 271 KB of weights per inference.
    assert ad01.cold_cycles > ad01.warm_cycles[0]
    assert 3_500_000 < ad01.warm_cycles[0] < 3_900_000
    assert ad01.median_ms == pytest.approx(1000 * ad01.median_cycles / ULX3S_CLOCK)
    assert report.fmax_mhz == 35.52
    assert ad01.median_ms_at_fmax == pytest.approx(1000 * ad01.median_cycles / 35.52e6)
    assert "Fmax of the last radiona_ulx3s bitstream build: 35.52 MHz" in run.stdout
    table_row = next(line for line in run.stdout.splitlines() if line.startswith("ad01 "))
    assert f"{ad01.median_ms:.3f}" in table_row and f"{1000 * 3_364_283 / ULX3S_CLOCK:.3f}" in table_row
