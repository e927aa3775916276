"""Where a project lives and where its tests run: ``proj/<p>/tests/`` is collected by ``make test`` and
``cfu test``; a project is named by its path anywhere, and its path is what gets tested and built."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cfu.errors import CfuError
from cfu.project import PROJECTS_DIR, REPO_ROOT, Project, project_names
from project_copies import copy_project


def collected_files(*args: str) -> set[Path]:
    """The test files pytest (run as ``make test`` runs it) collects, resolved."""
    result = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", *args], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return {(REPO_ROOT / line.split("::")[0]).resolve() for line in result.stdout.splitlines() if "::" in line}


def project_test_files(root: Path) -> set[Path]:
    return {p.resolve() for p in root.rglob("test_*.py") if "build" not in p.relative_to(root).parts}


def test_project_tests_live_in_tests_folder():
    for name in project_names():
        root = PROJECTS_DIR / name
        stray = {p for p in project_test_files(root) if p.parent != (root / "tests").resolve()}
        assert not stray, f"project tests outside {root / 'tests'}: {sorted(map(str, stray))}"
    assert project_test_files(PROJECTS_DIR / "proj_template"), "the template shows the layout with a test"


def test_project_tests_load_their_own_folder():
    """A copy of a project (``cfu test --proj PATH``) must test itself, not the shipped project of its name."""
    for name in project_names():
        for path in project_test_files(PROJECTS_DIR / name):
            assert f'Project.load("{name}")' not in path.read_text(), (
                f"{path} loads proj/{name} by name; use Project.load(Path(__file__).resolve().parents[1])")


def test_make_test_collects_every_project_test():
    missing = set().union(*map(project_test_files, (PROJECTS_DIR / n for n in project_names()))) - collected_files()
    assert not missing, f"`make test` does not collect {sorted(map(str, missing))}"


@pytest.mark.parametrize("name", project_names())
def test_cfu_test_collects_the_project_tests(name):
    result = subprocess.run([sys.executable, "-m", "cfu.cli", "test", "--proj", name, "--", "--co", "-q"],
                            cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode in (0, 5), result.stdout + result.stderr
    for path in project_test_files(PROJECTS_DIR / name):
        assert f"{path.name}::" in result.stdout, f"`make PROJ={name} test` does not collect {path}"


@pytest.fixture
def copied_kws_micro(tmp_path) -> Path:
    """proj_template copied as a project named like a shipped one, with its own instruction name and test."""
    root = copy_project("proj_template", tmp_path, "kws_micro").root
    shutil.rmtree(root / "tests")
    cfu_py = root / "cfu.py"
    cfu_py.write_text(cfu_py.read_text().replace("class Add(", "class CopyOnlyAdd(").replace("0: Add()", "0: CopyOnlyAdd()"))
    (root / "tests").mkdir()
    (root / "tests" / "test_kws_micro_copy.py").write_text(
        "def test_the_copy_runs():\n    raise AssertionError('the copied project ran')\n")
    return root


def test_cfu_test_tests_the_project_at_its_path(copied_kws_micro):
    result = subprocess.run([sys.executable, "-m", "cfu.cli", "test", "--proj", str(copied_kws_micro), "--",
                             "-q", "-rA", "-k", "the_copy_runs or (test_vectors_in_amaranth and CopyOnlyAdd)"],
                            cwd=REPO_ROOT, capture_output=True, text=True)
    assert "PASSED tests/test_project_instructions.py::test_vectors_in_amaranth[kws_micro-0-CopyOnlyAdd]" \
        in result.stdout, result.stdout + result.stderr
    assert "AssertionError: the copied project ran" in result.stdout
    assert "1 failed, 1 passed" in result.stdout and result.returncode == 1


def test_make_builds_the_project_at_a_path(copied_kws_micro):
    result = subprocess.run(["make", f"PROJ={copied_kws_micro}", "verilog"], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CopyOnlyAdd" in (copied_kws_micro / "build" / "gateware" / "cfu.v").read_text()


def test_a_path_names_that_folder_not_the_shipped_project(copied_kws_micro, tmp_path, monkeypatch):
    assert Project.load(copied_kws_micro).root == copied_kws_micro.resolve()
    assert Project.load(copied_kws_micro).argument == str(copied_kws_micro.resolve())
    assert Project.load("kws_micro").argument == "kws_micro"
    monkeypatch.chdir(tmp_path)
    assert Project.load("kws_micro").root == (PROJECTS_DIR / "kws_micro").resolve()
    assert Project.load("./kws_micro").root == copied_kws_micro.resolve()
    with pytest.raises(CfuError, match=r"no project '\./nothing_here': .*nothing_here is not a folder"):
        Project.load("./nothing_here")
