"""FPGA flow reports against the logs of real tool runs (yowasp Yosys and nextpnr on small designs)."""

import json
from pathlib import Path

import pytest
from fpga_logs import PNR_NAMES, nextpnr_log_fmax, nextpnr_log_utilisation, yosys_log_cells

from cfu.errors import CfuError
from cfu.fpga import flow
from cfu.fpga.gateware import SocGateware
from cfu.fpga.report import check
from cfu.fpga.resources import CELL_WEIGHTS
from soc.boards import get_board

DATA = Path(__file__).parent / "data"
CFU = DATA / "cfu_mac16.v"

#: A small placeable design per target, standing in for a SoC so that place and route takes seconds.
SMALL_DESIGNS = {
    "kosagi_fomu": ("counter", DATA / "fpga/counter_up5k.pcf"),
    "radiona_ulx3s": ("counter", DATA / "fpga/counter_85k.lpf"),
}


def _small_gateware(target: str, workdir: Path, top: str | None = None) -> SocGateware:
    name, constraints = SMALL_DESIGNS[target]
    sources = [DATA / "fpga/counter.v"] + ([DATA / f"fpga/{top}.v"] if top else [])
    return SocGateware(top or name, workdir, sources, constraints, "none (test design)")


@pytest.mark.parametrize("target", ["kosagi_fomu", "radiona_ulx3s", "digilent_arty"])
def test_cfu_alone_matches_yosys_log(target, tmp_path):
    """The CFU's cost is the Yosys stat of module Cfu, weighted per family; 65 FFs and one multiplier."""
    tgt = get_board(target)
    usage, _ = flow.cfu_cost(tgt, CFU, tmp_path)
    logged = yosys_log_cells(tmp_path / "cfu_yosys.log")
    weights = CELL_WEIGHTS[tgt.device.family]
    for kind, usage_of_kind in usage.items():
        expected = sum(n * weights[kind].get(cell, 0) for cell, n in logged.items())
        assert usage_of_kind.used == expected, f"{target} {kind}: report {usage_of_kind.used}, log {expected}"
        assert usage_of_kind.available == tgt.device.capacity[kind]
    assert usage["ff"].used == 65, "32-bit result, 32-bit accumulator and rsp_valid"
    assert usage["dsp"].used == 1
    assert usage["logic"].used > 0


@pytest.mark.parametrize("target", ["kosagi_fomu", "radiona_ulx3s"])
def test_build_report_matches_nextpnr_log(target, tmp_path):
    """A full flow on a small design: resources.json equals what nextpnr and Yosys logged."""
    tgt = get_board(target)
    report = flow.build(tgt, _small_gateware(target, tmp_path), CFU, tmp_path / "out")
    report.write(tmp_path / "resources.json")
    data = json.loads((tmp_path / "resources.json").read_text())

    placed = nextpnr_log_utilisation(tmp_path / "nextpnr.log")
    for kind, cell in PNR_NAMES[tgt.device.family].items():
        assert (data["soc"][kind]["used"], data["soc"][kind]["available"]) == placed[cell], kind
    if tgt.device.family == "ice40":  # flip-flops come from synthesis there
        logged = yosys_log_cells(tmp_path / "counter_yosys.log")
        assert data["soc"]["ff"]["used"] == sum(n for c, n in logged.items() if c.startswith("SB_DFF"))
    assert data["soc"]["dsp"]["used"] == 1

    fmax = nextpnr_log_fmax(tmp_path / "nextpnr.log")
    (clock, entry), = data["timing"]["clocks"].items()
    assert round(entry["fmax_mhz"], 2) == fmax[clock]
    assert data["timing"]["fmax_mhz"] == entry["fmax_mhz"] and data["timing"]["met"] is True
    assert Path(data["outputs"]["bitstream"]).stat().st_size > 0
    assert data["cfu"]["ff"]["used"] == 65


def test_overflow_is_reported_by_how_much(tmp_path):
    """Nine multipliers on an UP5K (8 DSPs): no bitstream, and an error naming DSP 9/8."""
    tgt = get_board("kosagi_fomu")
    report = flow.build(tgt, _small_gateware("kosagi_fomu", tmp_path, "counter_overflow"), CFU, tmp_path / "out")
    assert not report.fits and "bitstream" not in report.outputs
    assert nextpnr_log_utilisation(tmp_path / "nextpnr.log")["ICESTORM_DSP"] == (9, 8)
    with pytest.raises(CfuError, match=r"DSP 9/8 \(1 over, 112\.5%\)"):
        check(report, accept_timing_failure=False, accept_overflow=False)
    check(report, accept_timing_failure=False, accept_overflow=True)


def test_timing_miss_is_reported_by_how_much(tmp_path):
    """The counter constrained at 400 MHz on an UP5K: the error gives Fmax and the shortfall from the log."""
    constraints = tmp_path / "fast.pcf"
    constraints.write_text((DATA / "fpga/counter_up5k.pcf").read_text().replace("set_frequency clk 48",
                                                                                 "set_frequency clk 400"))
    gateware = SocGateware("counter", tmp_path, [DATA / "fpga/counter.v"], constraints, "none (test design)")
    report = flow.build(get_board("kosagi_fomu"), gateware, CFU, tmp_path / "out")
    (clock, fmax), = nextpnr_log_fmax(tmp_path / "nextpnr.log").items()
    assert report.timing_met is False and round(report.fmax_mhz, 2) == fmax
    assert f"Fmax: {fmax:.2f} MHz against 400.00 MHz (critical clock {clock}): timing MISSED" in report.table()
    with pytest.raises(CfuError, match=rf"Fmax {fmax:.2f} MHz is {400 - fmax:.2f} MHz .* below its 400.00 MHz"):
        check(report, accept_timing_failure=False, accept_overflow=False)
    check(report, accept_timing_failure=True, accept_overflow=False)
