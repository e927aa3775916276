"""Shared pytest options (``--proj NAME`` limits project-generic tests to one project), private project copies,
and the session check that no test created or changed anything under ``proj/*/build``."""

import pytest
from project_copies import build_changes, build_state, copy_project

from cfu.project import Project, project_names

_BUILD_STATE = pytest.StashKey[dict]()
_BUILD_CHANGES = pytest.StashKey[list]()


def pytest_addoption(parser):
    parser.addoption("--proj", action="append", default=[], help="only test this project (repeatable)")
    parser.addoption("--only-project-tests", action="store_true",
                     help="keep only tests that take a project (and those in proj/*/tests)")


def selected_projects(config) -> list[str]:
    return config.getoption("--proj") or project_names()


def pytest_generate_tests(metafunc):
    if "project_name" in metafunc.fixturenames:
        metafunc.parametrize("project_name", selected_projects(metafunc.config))
    if "project_instruction" in metafunc.fixturenames:
        cases, ids = [], []
        for name in selected_projects(metafunc.config):
            for funct3, spec in Project.load(name).make_cfu().specs().items():
                cases.append((name, funct3))
                ids.append(f"{name}-{funct3}-{spec.name}")
        metafunc.parametrize("project_instruction", cases, ids=ids)


@pytest.fixture(scope="session")
def repo_build_dir(tmp_path_factory):
    """A scratch build directory shared by the tests of one session."""
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory):
    """``project_copy(name)``: one private copy of ``proj/<name>`` per session, for tests that build it."""
    copies: dict[str, Project] = {}

    def copy(name: str) -> Project:
        if name not in copies:
            copies[name] = copy_project(name, tmp_path_factory.mktemp("projects"))
        return copies[name]

    return copy


def pytest_sessionstart(session):
    session.config.stash[_BUILD_STATE] = build_state()


def pytest_sessionfinish(session):
    changes = build_changes(session.config.stash[_BUILD_STATE], build_state())
    session.config.stash[_BUILD_CHANGES] = changes
    if changes:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config):
    changes = config.stash.get(_BUILD_CHANGES, [])
    if changes:
        terminalreporter.section("tests changed users' proj/*/build (build in project_copy() instead)", red=True)
        for line in changes[:20]:
            terminalreporter.write_line(line)
        if len(changes) > 20:
            terminalreporter.write_line(f"... and {len(changes) - 20} more")


PROJECT_FIXTURES = {"project_name", "project_instruction"}


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--only-project-tests"):
        return
    keep, drop = [], []
    for item in items:
        in_project = "/proj/" in str(item.path)
        (keep if in_project or PROJECT_FIXTURES & set(item.fixturenames) else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep
