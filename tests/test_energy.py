"""`cfu energy`: toggle counts from a real Verilator toggle-coverage build, the power terms taken from the
published measurements, the estimate's arithmetic, its inputs refused with the command that makes them, and the
datasheet's energy section. (The whole SoC's activity build and runs: docs/benchmarks.md, "Energy".)"""

import json
import subprocess
import sys

import pytest
from project_copies import copy_project

from cfu.energy.activity import Activity, ActivityTarget
from cfu.energy.coefficients import FAMILY_POWER, family_power
from cfu.energy.estimate import estimate_energy, format_energy, load_energy_json, write_energy_json
from cfu.errors import CfuError
from cfu.fpga.report import BuildReport
from cfu.fpga.resources import Usage
from cfu.fpga.socgen import CPU_LABELS
from cfu.freshness import cfu_sha256
from cfu.fwbuild.build import MODEL_MENU_SCRIPT
from cfu.paths import REPO_ROOT
from cfu.profile.run import SimRun, board_simulator_name
from sim.activity import read_toggle_counts
from soc.board import VEXRISCV
from soc.boards import board_names

# A design shaped like the simulated SoC: a top `sim` with a `Cfu` instance and the simulation-only monitor.
TINY_SOC = """
module sim(input clk);
  reg [7:0] count = 8'd0;
  always @(posedge clk) count <= count + 8'd1;
  Cfu Cfu(.clk(clk));
  sim_monitor sim_monitor(.clk(clk));
endmodule
module Cfu(input clk);
  reg [3:0] steps = 4'd0;
  always @(posedge clk) steps <= steps + 4'd1;
endmodule
module sim_monitor(input clk);
  reg [15:0] cycles = 16'd0;
  always @(posedge clk) cycles <= cycles + 16'd1;
endmodule
"""
TINY_MAIN = """
#include "Vsim.h"
#include "verilated.h"
#include "verilated_cov.h"
int main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);
  Vsim top;
  for (int i = 0; i < CYCLES; i++) { top.clk = 0; top.eval(); top.clk = 1; top.eval(); }
  VerilatedCov::write("coverage.dat");
  return 0;
}
"""


def counter_toggles(bits: int, cycles: int) -> int:
    """Transitions of a counter's bits over ``cycles`` increments from 0: bit i toggles every 2^i cycles."""
    return sum(cycles >> bit for bit in range(bits))


def test_toggle_counts_of_a_verilated_design_split_at_the_cfu(tmp_path):
    (tmp_path / "top.v").write_text(TINY_SOC)
    (tmp_path / "main.cpp").write_text(TINY_MAIN.replace("CYCLES", "100"))
    build = subprocess.run(["verilator", "--cc", "--exe", "--build", "--coverage-toggle", "-Wno-fatal",
                            "--top-module", "sim", "-o", "Vsim", "top.v", "main.cpp"], cwd=tmp_path,
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    subprocess.run([str(tmp_path / "obj_dir" / "Vsim")], cwd=tmp_path, check=True)
    counts = read_toggle_counts(tmp_path / "coverage.dat")
    # The clock nets and the monitor's 16 bits are left out; each counter bit is one point.
    assert (counts.soc_bits, counts.cfu_bits) == (8, 4)
    assert counts.soc_toggles == counter_toggles(8, 100) == 197
    assert counts.cfu_toggles == counter_toggles(4, 100) == 187


def test_a_file_without_toggle_points_is_refused(tmp_path):
    with pytest.raises(CfuError, match="no toggle counts at"):
        read_toggle_counts(tmp_path / "missing.dat")
    (tmp_path / "other.dat").write_text("# SystemC::Coverage-3\nC '\x01page\x02v_line/sim\x01h\x02TOP.sim' 3\n")
    with pytest.raises(CfuError, match="holds no toggle coverage points"):
        read_toggle_counts(tmp_path / "other.dat")


def test_ice40_terms_are_the_published_measurements():
    ice40 = family_power("ice40")
    assert ice40.static_w == pytest.approx(85.6e-6 * 1.219)  # blank design's core current at 1.219 V
    assert ice40.base_j_per_cycle == pytest.approx(52.1e-12, rel=0.01)  # about 43 µA/MHz of clock network
    assert ice40.logic_j_per_toggle == pytest.approx(0.20e-12, rel=0.02)
    assert ice40.dsp_j_per_cycle == pytest.approx(23.4e-12, rel=0.01)
    assert ice40.dsp_toggle_rate == pytest.approx(0.249, rel=0.01)  # inputs: two 8-bit counters
    ecp5 = family_power("ecp5")
    assert ecp5.static_w is None and ecp5.logic_j_per_toggle < ice40.logic_j_per_toggle
    with pytest.raises(CfuError, match="no published power figures for the xilinx family"):
        family_power("xilinx")


def resources_json(soc_logic: float, cfu_logic: float, dsp: float, design: str = "",
                   cpu: str = CPU_LABELS[VEXRISCV]) -> dict:
    """A resources.json as `cfu bitstream` writes it for the Fomu's iCE40UP5K."""
    capacity = {"logic": 5280, "ff": 5280, "bram": 30, "dsp": 8, "spram": 4}
    soc = {"logic": soc_logic, "ff": 0, "bram": 20, "dsp": dsp, "spram": 4}
    cfu = {"logic": cfu_logic, "ff": 0, "bram": 0, "dsp": 0, "spram": 0}
    report = BuildReport("kosagi_fomu", "iCE40UP5K-UWG30", cpu, ("LC", "LUT4"), 12.0,
                         {k: Usage(v, capacity[k]) for k, v in soc.items()},
                         {k: Usage(v, capacity[k]) for k, v in cfu.items()}, cfu_sha256=design)
    return report.to_json()


ACTIVITY = Activity("tiny.tflite", cycles=1_000_000, soc_bits=16_000, soc_toggles=800_000_000, cfu_bits=500,
                    cfu_toggles=100_000_000)


def test_energy_is_power_times_latency_with_its_range():
    power = FAMILY_POWER["ice40"]
    estimate = estimate_energy("p", "kosagi_fomu", 12_000_000, resources_json(4800, 300, 4), power, ACTIVITY,
                               {"ad01": 3_000_000})
    assert ACTIVITY.soc_toggle_rate == 0.05 and ACTIVITY.cfu_toggle_rate == 0.2
    assert (estimate.logic_cells_soc, estimate.logic_cells_cfu) == (4500, 300)
    assert (estimate.dsp_blocks_soc, estimate.dsp_blocks_cfu) == (4, 0)
    # The SoC's 4 DSPs at the SoC's toggle rate, against the 24.9 % of the measured multiply's inputs.
    per_cycle = (power.base_j_per_cycle + power.logic_j_per_toggle * (4500 * 0.05 + 300 * 0.2)
                 + 4 * power.dsp_j_per_cycle * 0.05 / 0.2490234375)
    row = estimate.measured
    seconds = 1_000_000 / 12e6
    assert row.latency_ms == pytest.approx(1000 * seconds)
    assert row.energy_uj == pytest.approx(1e6 * (per_cycle * 1_000_000 + power.static_w * seconds))
    assert row.low_uj == pytest.approx(1e6 * (per_cycle * 1_000_000 / 2 + power.static_w * seconds))
    assert row.high_uj == pytest.approx(1e6 * (per_cycle * 1_000_000 * 2 + power.static_w * seconds))
    (ad01,) = estimate.mlperf
    assert ad01.energy_uj == pytest.approx(3 * row.energy_uj)  # the same power for three times the latency
    assert estimate.power_w["dynamic"] == pytest.approx(per_cycle * 12e6)
    printed = format_energy(estimate)
    assert "toggle rate over one inference of tiny.tflite (1,000,000 cycles, simulated): SoC 5.00 %, CFU 20.00 %" \
        in printed
    assert f"ad01 {' ' * 19} tiny.tflite {' ' * 12} {3_000_000:>14,} {ad01.latency_ms:>10.3f} {ad01.energy_uj:>11.3f}" \
        in printed


def cfu_energy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfu.cli", "energy", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return copy_project("proj_template", tmp_path_factory.mktemp("energy"))


def refused(run: subprocess.CompletedProcess) -> str:
    """The one line a refused command prints."""
    assert run.returncode != 0 and not run.stdout.strip(), run.stdout[-2000:]
    (line,) = run.stderr.strip().splitlines()
    return line


def test_targets_without_an_fpga_or_power_figures_are_refused(template):
    make = f"make PROJ={template.root}"
    assert refused(cfu_energy("--proj", str(template.root))) == (
        "cfu energy: error: energy is estimated for a board's FPGA, and the simulator target has none: name a "
        f"board ({', '.join(board_names())}): `{make} TARGET=<board> energy` (after `{make} TARGET=<board> bitstream`)")
    assert "no published power figures for the xilinx family" in refused(
        cfu_energy("--proj", str(template.root), "--target", "digilent_arty"))


def test_missing_stale_and_old_bitstream_reports_name_the_command(template):
    resources = template.build_dir / "kosagi_fomu" / "resources.json"
    resources.unlink(missing_ok=True)
    command = f"make PROJ={template.root} TARGET=kosagi_fomu bitstream"
    assert refused(cfu_energy("--proj", str(template.root), "--target", "kosagi_fomu")) == (
        f"cfu energy: error: no bitstream report for this target ({resources} not found): the estimate needs the "
        f"design's resources; run `{command}` first")
    resources.parent.mkdir(parents=True, exist_ok=True)
    resources.write_text(json.dumps(resources_json(4800, 300, 4, design="0" * 64)))
    line = refused(cfu_energy("--proj", str(template.root), "--target", "kosagi_fomu"))
    assert line.startswith("cfu energy: error: resources.json is stale: measured with a different CFU (Verilog "
                           "SHA-256 000000000000, now ") and line.endswith(f"run `{command}` again")
    resources.write_text(json.dumps(resources_json(4800, 300, 4)))  # an older build: no CFU recorded
    assert refused(cfu_energy("--proj", str(template.root), "--target", "kosagi_fomu")) == (
        "cfu energy: error: resources.json is stale: written by an older build that does not record its CFU; run "
        f"`{command}` again")
    # A build with another CPU than the simulated one.
    design = cfu_sha256(template.cfu_verilog())
    resources.write_text(json.dumps(resources_json(4800, 300, 4, design, cpu=CPU_LABELS["picorv32"])))
    assert refused(cfu_energy("--proj", str(template.root), "--target", "kosagi_fomu")) == (
        f"cfu energy: error: {resources} is a build with the picorv32 + PCPI bridge CPU, and the simulator measures VexRiscv's "
        "activity: no estimate for that design (build the target with `cfu bitstream --cpu vexriscv` where it "
        "fits the device)")


def test_activity_is_simulated_on_the_boards_soc_with_the_model_alone(template, tmp_path):
    """No CFU self-test in the window's runs (menu key m), and the board's simulation SoC (its memory system), built
    in the board's build folder with the firmware variant `cfu sim --target board` uses."""
    target = ActivityTarget("radiona_ulx3s", tmp_path / "toggles.dat")
    assert target.menu_script == MODEL_MENU_SCRIPT
    assert target.name == f"{board_simulator_name('radiona_ulx3s')} with toggle coverage"
    run = SimRun(template, None, soc="radiona_ulx3s")
    assert target.soc_variant(run) == "sim" and run.out_dir == template.build_dir / "radiona_ulx3s"


def test_a_project_without_a_model_must_name_one(template):
    resources = template.build_dir / "kosagi_fomu" / "resources.json"
    resources.parent.mkdir(parents=True, exist_ok=True)
    resources.write_text(json.dumps(resources_json(4800, 300, 4, cfu_sha256(template.cfu_verilog()))))
    assert refused(cfu_energy("--proj", str(template.root), "--target", "kosagi_fomu")) == (
        "cfu energy: error: proj_template has no model in model/: name the model whose activity is measured with "
        "--model PATH (MODEL=PATH for make)")


def datasheet(project) -> str:
    run = subprocess.run([sys.executable, "-m", "cfu.cli", "datasheet", "--proj", str(project.root), "--target",
                          "kosagi_fomu"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return (project.build_dir / "kosagi_fomu" / "datasheet.md").read_text()


def test_datasheet_shows_the_estimate_it_came_from_and_refuses_another_cfus_results(tmp_path):
    project = copy_project("proj_template", tmp_path)
    make = f"make PROJ={project.root}"
    assert (f"Energy per inference: not measured yet (energy.json not found: run `{make} TARGET=kosagi_fomu "
            "energy`).") in datasheet(project)
    design = cfu_sha256(project.cfu_verilog())
    estimate = estimate_energy(project.name, "kosagi_fomu", 12_000_000, resources_json(4800, 300, 4, design),
                               FAMILY_POWER["ice40"], ACTIVITY, {"ad01": 3_000_000}, design)
    path = project.build_dir / "kosagi_fomu" / "energy.json"
    write_energy_json(estimate, path)
    assert load_energy_json(path) == estimate
    markdown = datasheet(project)
    energy = markdown.split("## Energy")[1].split("## Correctness")[0]
    for row in (estimate.measured, *estimate.mlperf):
        assert (f"| {row.model} | tiny.tflite | {row.latency_ms:.3f} | {row.energy_uj:.3f} | {row.low_uj:.3f} - "
                f"{row.high_uj:.3f} |") in energy
    assert "Estimated, not measured" in energy and "SoC 5.00 %, CFU 20.00 %" in energy
    assert f"| build/kosagi_fomu/energy.json | `{make} TARGET=kosagi_fomu energy` | current |" in markdown
    # A profile measured with another CFU is not shown as this design's.
    profile = project.build_dir / "kosagi_fomu" / "profile.json"
    profile.write_text(json.dumps({"format": 2, "model": "m", "simulator": "s", "total_cycles": 5, "golden": "pass",
                                   "layers": [], "cfu_sha256": "f" * 64}))
    markdown = datasheet(project)
    assert (f"Model: not measured yet (profile.json is stale: measured with a different CFU (Verilog SHA-256 "
            f"ffffffffffff, now {design[:12]}); run `{make} TARGET=kosagi_fomu sim` again).") in markdown
    assert "5 cycles in all" not in markdown
