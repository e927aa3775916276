"""A broken project's cfu.py, whatever it raises and whenever (loading, make_cfu(), making Verilog),
gives one `CfuError` line naming the file and line, on the API and on the command line."""

import subprocess
import sys

import pytest

from cfu.errors import CfuError
from cfu.project import REPO_ROOT, Project
from project_copies import copy_project

BROKEN_CFU = {
    "syntax": ("def make_cfu(:\n", 1, "syntax error"),
    "import": ("import os\nfrom amaranth import NoSuchThing\n", 2, "ImportError"),
    "module level": ("X = 1\nY = {}['missing']\n", 2, "KeyError: 'missing'"),
    "make_cfu": ("def make_cfu():\n    return 1 / 0\n", 2, "make_cfu() failed: ZeroDivisionError"),
    "elaborate": ("""from amaranth import Module
from cfu.gateware import Cfu, Instruction


class Broken(Instruction):
    def reference_model(self):
        return lambda funct7, in0, in1: 0

    def elaborate(self, platform):
        m = Module()
        raise ValueError("bad width")


def make_cfu():
    return Cfu({0: Broken()})
""", 11, "making the CFU's Verilog failed: ValueError: bad width"),
}


@pytest.fixture
def project(tmp_path) -> Project:
    return copy_project("proj_template", tmp_path, "broken")


@pytest.mark.parametrize("case", BROKEN_CFU)
def test_cfu_py_errors_name_file_and_line(project, case):
    source, line, message = BROKEN_CFU[case]
    (project.root / "cfu.py").write_text(source)
    with pytest.raises(CfuError) as error:
        project.cfu_verilog()
    assert str(error.value).startswith(f"{project.root / 'cfu.py'}:{line}: "), str(error.value)
    assert message in str(error.value)


def test_command_line_prints_one_line(project):
    (project.root / "cfu.py").write_text(BROKEN_CFU["elaborate"][0])
    result = subprocess.run([sys.executable, "-m", "cfu.cli", "verilog", "--proj", str(project.root)],
                            cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"cfu verilog: error: {project.root / 'cfu.py'}:11: making the CFU's "
                                          "Verilog failed: ValueError: bad width"]
