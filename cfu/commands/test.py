"""``cfu test``: a project's tests: every CFU instruction in both simulators, and the project's own tests."""

import subprocess
import sys

from ..project import REPO_ROOT, Project


def register(subparsers) -> None:
    parser = subparsers.add_parser("test", help="run a project's tests (instructions, emulation, kernels)")
    parser.add_argument("--proj", required=True, help="project name (a folder in proj/) or path to a project folder")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Run the toolkit's project-generic tests and the project's ``tests/`` on the project at its path."""
    project = Project.load(args.proj)
    targets = [str(REPO_ROOT / "tests")]
    if (project.root / "tests").is_dir():
        targets.append(str(project.root / "tests"))
    command = [sys.executable, "-m", "pytest", *targets, "--rootdir", str(REPO_ROOT), "--proj", str(project.root),
               "--only-project-tests", *args.pytest_args]
    return subprocess.call(command, cwd=REPO_ROOT)
