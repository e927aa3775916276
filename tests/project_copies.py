"""Where tests build: private copies of projects, scratch builds kept between sessions, and the check that no
test touches a user's ``proj/<p>/build``.

Tests build in copies: a user's build directory holds the last bitstream ``make load`` programs and the
simulator ``make sim`` reuses, and a test run must leave both as it found them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from cfu.paths import SHARED_BUILD
from cfu.project import PROJECTS_DIR, Project

#: (modification time in ns, size) of each file under a build directory, by path.
BuildState = dict[Path, tuple[int, int]]


def copy_project(name_or_path: str | Path, parent: Path, as_name: str | None = None) -> Project:
    """Copy a project (a name in proj/ or a folder's path), all but its build directory, to
    ``parent/<as_name or its name>`` and load the copy."""
    source = Project.load(name_or_path).root
    root = Path(parent) / (as_name or source.name)
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("build"))
    return Project.load(root)


def persistent_build_dir(name: str) -> Path:
    """A build directory kept between test sessions (simulators are reused while their inputs are unchanged)."""
    return SHARED_BUILD / "tests" / name


def build_state(project_roots: Iterable[Path] | None = None) -> BuildState:
    """Every file and folder under ``<root>/build`` of each project root (default: every folder in ``proj/``),
    with its modification time and size."""
    state = {}
    roots = PROJECTS_DIR.iterdir() if project_roots is None else project_roots
    for build in (Path(root) / "build" for root in roots):
        if not build.is_dir():
            continue
        for path in [build, *build.rglob("*")]:
            stat = path.lstat()
            state[path] = (stat.st_mtime_ns, stat.st_size if not path.is_dir() else 0)
    return state


def build_changes(before: BuildState, after: BuildState) -> list[str]:
    """What differs between two :func:`build_state` snapshots, one line per path."""
    lines = [f"created {path}" for path in sorted(after.keys() - before.keys())]
    lines += [f"removed {path}" for path in sorted(before.keys() - after.keys())]
    lines += [f"changed {path}" for path in sorted(before.keys() & after.keys())
              if before[path] != after[path] and not path.is_dir()]
    return lines
