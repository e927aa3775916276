"""The Verilated simulator follows every edit: edits that keep the same set of lines (swapped branches, swapped
``Case`` bodies) rebuild it and change the results; the same design is reused; first builds of the shared
simulation core may run at once."""

import io
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from cfu.project import Project
from sim.core import build_core
from sim.runner import run
from sim.soc_verilog import generate_soc_verilog
from sim.testfw import build_firmware
from sim.verilated import _fingerprint, _plan, _without_litex_stamps, build_simulator
from soc.headers import write_headers

VERILOG = Path(__file__).parent / "verilog"
BUDGET = 3_000_000

#: funct3 0 answers rs1 + rs2 when funct7 is 5 and rs1 - rs2 otherwise (the CFU scenario sends funct7 = 5).
IF_ELSE_CFU = (VERILOG / "cfu_echo.v").read_text().split("  assign rsp_payload_outputs_0 =")[0] + """\
  reg [31:0] answer;
  always @(*) begin
    if (cmd_payload_function_id[9:3] == 7'd5)
      answer = cmd_payload_inputs_0 + cmd_payload_inputs_1;
    else
      answer = cmd_payload_inputs_0 - cmd_payload_inputs_1;
  end
  assign rsp_payload_outputs_0 = answer;
endmodule
"""

SWITCH_CFU = textwrap.dedent('''\
    from amaranth import Module

    from cfu.gateware import Cfu, Instruction, MASK32


    class AddOrSubtract(Instruction):
        funct7_values = (5, 6)

        def reference_model(self):
            return lambda funct7, in0, in1: (in0 + in1 if funct7 == 5 else in0 - in1) & MASK32

        def elaborate(self, platform):
            m = Module()
            m.d.comb += self.done.eq(self.start)
            with m.Switch(self.funct7):
                with m.Case(5):
                    m.d.comb += self.result.eq(self.in0 + self.in1)
                with m.Case(6):
                    m.d.comb += self.result.eq(self.in0 - self.in1)
            return m


    def make_cfu():
        return Cfu({0: AddOrSubtract()})
''')


@pytest.fixture(scope="module")
def cfu_firmware(tmp_path_factory) -> Path:
    """Prints ``cfu(40, 2) = <answer of funct3 0, funct7 5>`` and exits 0 when that is 42."""
    out = tmp_path_factory.mktemp("firmware")
    write_headers("sim", out)
    return build_firmware(out, out, "CFU")


def _swap(text: str, first: str, second: str) -> str:
    assert text.count(first) == 1 and text.count(second) == 1
    swapped = text.replace(first, "\0").replace(second, first).replace("\0", second)
    assert sorted(swapped.splitlines()) == sorted(text.splitlines())  # the same set of lines
    return swapped


def _answer(cfu_verilog: Path, build_dir: Path, firmware: Path) -> tuple[bool, str]:
    simulator = build_simulator(cfu_verilog, build_dir)
    result = run(simulator, firmware, max_cycles=BUDGET, out=io.StringIO())
    return simulator.rebuilt, result.output.split("cfu(40, 2) = ")[1].split()[0]


def test_swapped_if_else_branches_rebuild_and_change_the_answer(tmp_path, cfu_firmware):
    cfu = tmp_path / "cfu.v"
    cfu.write_text(IF_ELSE_CFU)
    assert _answer(cfu, tmp_path / "sim", cfu_firmware) == (True, "42")
    assert _answer(cfu, tmp_path / "sim", cfu_firmware) == (False, "42")
    cfu.write_text(_swap(IF_ELSE_CFU, "cmd_payload_inputs_0 + cmd_payload_inputs_1;",
                         "cmd_payload_inputs_0 - cmd_payload_inputs_1;"))
    assert _answer(cfu, tmp_path / "sim", cfu_firmware) == (True, "38")


def test_swapped_case_bodies_in_an_amaranth_cfu_rebuild_and_change_the_answer(tmp_path, cfu_firmware):
    root = tmp_path / "switch_proj"
    root.mkdir()
    (root / "cfu.py").write_text(SWITCH_CFU)
    project = Project.load(root)
    assert _answer(project.cfu_verilog(), project.build_dir / "sim", cfu_firmware) == (True, "42")
    (root / "cfu.py").write_text(_swap(SWITCH_CFU, "self.result.eq(self.in0 + self.in1)",
                                       "self.result.eq(self.in0 - self.in1)"))
    assert _answer(project.cfu_verilog(), project.build_dir / "sim", cfu_firmware) == (True, "38")


def test_options_and_input_order_are_in_the_fingerprint(tmp_path):
    sources = generate_soc_verilog((VERILOG / "cfu_echo.v").resolve(), tmp_path, None)
    core = build_core()
    build = _plan(tmp_path / "gateware", sources, None, core, jobs=2)
    same = _fingerprint(build)
    assert _fingerprint(_plan(tmp_path / "gateware", sources, None, core, jobs=1)) == same
    assert _fingerprint(replace(build, verilate=[*build.verilate, "-DEXTRA"])) != same
    assert _fingerprint(replace(build, inputs=[build.inputs[1], build.inputs[0], *build.inputs[2:]])) != same
    assert _fingerprint(_plan(tmp_path / "gateware", sources, "fst", core, jobs=2)) != same


def test_only_litex_comments_are_left_out_of_sim_v(tmp_path):
    generate_soc_verilog((VERILOG / "cfu_echo.v").resolve(), tmp_path, None)
    verilog = (tmp_path / "gateware" / "sim.v").read_text()
    stamped = verilog.replace("// Date       : ", "// Date       : 1999-01-01 ")
    drawing = verilog.split("// Hierarchy")[1].split("*/")[0].splitlines()
    redrawn = verilog.replace("\n".join(drawing[-3:-1]), "\n".join(reversed(drawing[-3:-1])))
    assert redrawn != verilog
    always = verilog.split("always @(*) begin\n")
    reordered = "always @(*) begin\n".join([always[0], always[2], always[1], *always[3:]])
    assert reordered != verilog
    assert _without_litex_stamps(stamped.encode()) == _without_litex_stamps(verilog.encode())
    assert _without_litex_stamps(redrawn.encode()) == _without_litex_stamps(verilog.encode())
    assert _without_litex_stamps(reordered.encode()) != _without_litex_stamps(verilog.encode())


def test_two_first_builds_of_the_simulation_core_at_once(tmp_path):
    """Both processes must end with the core built; without the lock the second one's rename fails."""
    script = f"from pathlib import Path; from sim.core import build_core; build_core(Path({str(tmp_path)!r}))"
    builds = [subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [build.communicate()[1] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], errors
    [core] = tmp_path.glob("sim-core-*")
    assert sorted(path.name for path in (core / "modules").iterdir()) == [
        "clocker.so", "serial2console.so", "serial2tcp.so"]
