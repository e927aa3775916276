"""``cfu sim`` from the command line: the process status is the firmware's exit code; bad CFUs are one message."""

import re
import subprocess
from pathlib import Path

import pytest
from project_copies import persistent_build_dir  # noqa: E402

from cfu.cli import main  # noqa: E402
from cfu.project import REPO_ROOT  # noqa: E402
from sim.testfw import build_firmware  # noqa: E402
from soc.headers import write_headers  # noqa: E402

VERILOG = Path(__file__).parent / "verilog"


def _sim(*args: str) -> int:
    return main(["sim", "--cfu-verilog", str(VERILOG / "cfu_echo.v"),
                 "--build-dir", str(persistent_build_dir("sim-echo")), *args])


def test_cli_returns_firmware_exit_code(tmp_path, capsys):
    write_headers("sim", tmp_path)
    assert _sim("--firmware", str(build_firmware(tmp_path, tmp_path, "EXIT", exit_code=3))) == 3
    out = capsys.readouterr().out
    assert "~~exit 3~~" in out
    assert "cfu sim: firmware exit (exit code 3)" in out


def test_cli_cycle_budget(tmp_path, capsys):
    write_headers("sim", tmp_path)
    image = build_firmware(tmp_path, tmp_path, "HANG")
    assert _sim("--firmware", str(image), "--max-cycles", "100000") == 124
    assert "cycle budget exceeded" in capsys.readouterr().out


def test_cli_bad_cfu_is_one_message(tmp_path, capsys):
    bad = tmp_path / "cfu.v"
    bad.write_text((VERILOG / "cfu_echo.v").read_text().replace("cmd_valid", "cmd_vld"))
    assert main(["sim", "--cfu-verilog", str(bad), "--firmware", str(bad), "--build-dir", str(tmp_path)]) == 2
    assert "no port 'cmd_valid'" in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["--proj", "proj_template", "--cfu-verilog", "x.v"], "--cfu-verilog applies to running a given image"),
    (["--proj", "proj_template", "--build-dir", "b"], "--build-dir applies to running a given image"),
    (["--proj", "proj_template", "--firmware", "fw.bin", "--model", "m.tflite"],
     "--model applies to profiling a project's model, not to running a given image"),
    (["--proj", "proj_template", "--firmware", "fw.bin", "--sw-only"],
     "--sw-only applies to profiling a project's model"),
    (["--proj", "proj_template", "--trace-file", "w.fst"], "--trace-file needs --trace vcd|fst"),
    (["--cfu-verilog", "x.v"], "--cfu-verilog needs --firmware"),
], ids=["cfu_verilog", "build_dir", "model", "sw_only", "trace_file", "no_firmware"])
def test_cli_refuses_options_that_mean_nothing_in_the_mode(capsys, args, message):
    assert main(["sim", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cfu sim: error: ") and message in err and err.count("\n") == 1


def test_make_passes_a_budget_and_leaves_the_default_otherwise():
    def sim_line(*variables: str) -> str:
        # --no-print-directory: under `make test` this is a sub-make, which would announce its directory last.
        dry = subprocess.run(["make", "-n", "--no-print-directory", "PROJ=proj_template", "sim", *variables],
                             cwd=REPO_ROOT, capture_output=True, text=True, check=True)
        return dry.stdout.splitlines()[-1]

    assert sim_line("BUDGET=123").split()[-2:] == ["--max-cycles", "123"]
    assert "--max-cycles" not in sim_line()


def test_cli_names_the_function_of_a_cfu_that_never_accepts(tmp_path, capsys):
    """With an ELF, `cfu sim --firmware` names the function the stuck CFU instruction is in."""
    write_headers("sim", tmp_path)
    elf = build_firmware(tmp_path, tmp_path, "SILENT_CFU").with_suffix(".elf")
    assert main(["sim", "--cfu-verilog", str(VERILOG / "cfu_deaf.v"), "--firmware", str(elf),
                 "--build-dir", str(persistent_build_dir("sim-deaf")), "--cfu-timeout", "500"]) == 125
    out = capsys.readouterr().out
    assert re.search(r"^cfu sim: CFU watchdog: the CFU never accepted a CFU instruction \(cmd_ready low\) "
                     r"\(exit code 125\): the CFU instruction at 0x4[0-9a-f]{7} in main$", out, re.M), out
