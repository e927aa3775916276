"""Shared pytest options (``--proj NAME|PATH`` limits project-generic tests to one project), private project
copies, and the session check that no test created or changed anything under ``proj/*/build``."""

import os
from pathlib import Path

import pytest
from project_copies import build_changes, build_state, copy_project

from cfu.project import PROJECTS_DIR, Project, project_names
from sim import pgo

# The suite builds many simulators for short runs, where a profile-guided build does not pay (tests/test_sim_pgo.py
# builds one).
os.environ.setdefault(pgo.ENVIRONMENT_SWITCH, "0")

_BUILD_STATE = pytest.StashKey[dict]()
_BUILD_CHANGES = pytest.StashKey[list]()


def pytest_addoption(parser):
    parser.addoption("--proj", action="append", default=[],
                     help="only test this project, a name in proj/ or a folder's path (repeatable)")
    parser.addoption("--only-project-tests", action="store_true",
                     help="keep only tests that take a project (and those in the selected projects' folders)")


def selected_projects(config) -> list[str]:
    """What ``project_name`` takes: each ``--proj`` as given (a name or a path), else every project in proj/."""
    return config.getoption("--proj") or project_names()


def pytest_generate_tests(metafunc):
    projects = {name: Project.load(name) for name in selected_projects(metafunc.config)}
    if "project_name" in metafunc.fixturenames:
        metafunc.parametrize("project_name", list(projects), ids=[p.name for p in projects.values()])
    if "project_instruction" in metafunc.fixturenames:
        # (project, funct3, cpu): every instruction of every CFU a project has (one per CPU, see Project.cfu_cpus).
        cases, ids = [], []
        for name, project in projects.items():
            for cpu in project.cfu_cpus():
                for funct3, spec in project.make_cfu(cpu).specs().items():
                    cases.append((name, funct3, cpu))
                    ids.append(f"{project.name}-{funct3}-{spec.name}")
        metafunc.parametrize("project_instruction", cases, ids=ids)


@pytest.fixture(scope="session")
def headers(tmp_path_factory) -> Path:
    """The simulated SoC's LiteX headers, for the test firmware (``sim.testfw``)."""
    from soc.headers import write_headers

    out = tmp_path_factory.mktemp("headers")
    write_headers("sim", out)
    return out


@pytest.fixture(scope="session")
def firmware(headers, tmp_path_factory):
    """``firmware(scenario, exit_code=0)``: the test firmware of one scenario (``sim.testfw``), a flat binary."""
    from sim.testfw import build_firmware

    out = tmp_path_factory.mktemp("firmware")
    return lambda scenario, exit_code=0: build_firmware(headers, out, scenario, exit_code=exit_code)


@pytest.fixture(scope="session")
def repo_build_dir(tmp_path_factory):
    """A scratch build directory shared by the tests of one session."""
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory):
    """``project_copy(name_or_path)``: one private copy of a project per session, for tests that build it."""
    copies: dict[str, Project] = {}

    def copy(name: str | Path) -> Project:
        if name not in copies:
            copies[name] = copy_project(name, tmp_path_factory.mktemp("projects"))
        return copies[name]

    return copy


def _watched_projects(config) -> list[Path]:
    """The projects whose build directories no test may touch: those in proj/ and those named with --proj."""
    return sorted({*PROJECTS_DIR.iterdir(), *(Project.load(name).root for name in config.getoption("--proj"))})


def pytest_sessionstart(session):
    session.config.stash[_BUILD_STATE] = build_state(_watched_projects(session.config))


def pytest_sessionfinish(session):
    changes = build_changes(session.config.stash[_BUILD_STATE], build_state(_watched_projects(session.config)))
    session.config.stash[_BUILD_CHANGES] = changes
    if changes:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config):
    changes = config.stash.get(_BUILD_CHANGES, [])
    if changes:
        terminalreporter.section("tests changed a project's build/ (build in project_copy() instead)", red=True)
        for line in changes[:20]:
            terminalreporter.write_line(line)
        if len(changes) > 20:
            terminalreporter.write_line(f"... and {len(changes) - 20} more")


PROJECT_FIXTURES = {"project_name", "project_instruction"}


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--only-project-tests"):
        return
    roots = [Project.load(name).root for name in selected_projects(config)]
    keep, drop = [], []
    for item in items:
        in_project = any(Path(item.path).resolve().is_relative_to(root) for root in roots)
        (keep if in_project or PROJECT_FIXTURES & set(item.fixturenames) else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep
