"""Full SoC builds of proj_template through ``cfu bitstream`` (minutes each; CFU_FPGA_FULL=0 skips them).

Results are recorded in docs/benchmarks.md. Each build's resources.json is checked against its logs.
"""

import json
import os
from pathlib import Path

import pytest
from fpga_logs import PNR_NAMES, nextpnr_log_fmax, nextpnr_log_utilisation, yosys_log_cells
from project_copies import copy_project

from cfu.cli import main
from cfu.fpga.resources import CELL_WEIGHTS
from soc.boards import get_board

pytestmark = pytest.mark.skipif(os.environ.get("CFU_FPGA_FULL") == "0",
                                reason="CFU_FPGA_FULL=0: full SoC builds skipped")


@pytest.fixture(scope="module")
def build(project_copy):
    """``build(target)``: the bitstream of a private proj_template copy, built once per target and session."""
    project, builds = project_copy("proj_template"), {}

    def built(target: str) -> tuple[int, dict, Path]:
        if target not in builds:
            status = main(["bitstream", "--proj", str(project.root), "--target", target])
            out = project.build_dir / target
            builds[target] = status, json.loads((out / "resources.json").read_text()), out / "gateware"
        return builds[target]

    return built


@pytest.mark.parametrize("target", ["kosagi_fomu", "radiona_ulx3s"])
def test_placed_build_matches_logs(build, target):
    status, data, gateware = build(target)
    assert status == 0 and data["fits"]
    assert data["timing"]["met"], f"{target} must close timing at its clock"
    placed = nextpnr_log_utilisation(gateware / "nextpnr.log")
    for kind, cell in PNR_NAMES[get_board(target).device.family].items():
        assert (data["soc"][kind]["used"], data["soc"][kind]["available"]) == placed[cell], kind
    fmax = nextpnr_log_fmax(gateware / "nextpnr.log")
    for clock, entry in data["timing"]["clocks"].items():
        assert round(entry["fmax_mhz"], 2) == fmax[clock], clock
    assert Path(data["outputs"]["bitstream"]).stat().st_size > 0


def test_fomu_dfu_image_holds_bitstream_then_bios(build):
    status, data, _ = build("kosagi_fomu")
    image = Path(data["outputs"]["dfu"]).read_bytes()
    bitstream = Path(data["outputs"]["bitstream"]).read_bytes()
    assert status == 0 and image.startswith(bitstream) and image[-16 + 8:-4] == b"UFD\x10"


def test_vexriscv_overfills_the_fomu(tmp_path):
    """In a project of its own: the failed build's resources.json must not replace the PicoRV32 build's."""
    project = copy_project("proj_template", tmp_path)
    assert main(["bitstream", "--proj", str(project.root), "--target", "kosagi_fomu", "--cpu", "vexriscv"]) == 2
    data = json.loads((project.build_dir / "kosagi_fomu" / "resources.json").read_text())
    assert not data["fits"] and data["soc"]["logic"]["used"] > data["soc"]["logic"]["available"]


def test_arty_estimate_matches_yosys_log(build):
    status, data, gateware = build("digilent_arty")
    assert status == 0 and data["estimate"] and data["timing"]["fmax_mhz"] is None
    logged = yosys_log_cells(gateware / "digilent_arty_yosys.log")
    for kind in ("logic", "ff", "bram", "dsp"):
        expected = sum(n * CELL_WEIGHTS["xilinx"][kind].get(cell, 0) for cell, n in logged.items())
        assert data["soc"][kind]["used"] == expected, kind


@pytest.mark.parametrize("target, pins", [("radiona_ulx3s", "sdram_dq"), ("digilent_arty", "ddram_dq")])
def test_the_build_drives_the_boards_dram(build, target, pins):
    """The DRAM controller is in the bitstream (or the estimate): the top level drives the memory chip's data pins
    and the synthesised netlist holds LiteDRAM's bank machines."""
    status, _, gateware = build(target)
    verilog = (gateware / f"{target}.v").read_text()
    start = verilog.index(f"module {target}")
    top = verilog[start:verilog.index(");", start)]
    assert status == 0 and f" {pins}" in top
    assert "sdram_bankmachine" in verilog
