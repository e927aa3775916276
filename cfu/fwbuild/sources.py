"""Which files a firmware build compiles: ``firmware/`` with a project's ``src/`` laid over it.

A file in ``proj/<name>/src/`` at the same relative path as one in ``firmware/`` replaces it; other files
there are added. The list is recomputed on every build, so a deleted override never lingers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SOURCE_SUFFIXES = (".c", ".S")
HEADER_SUFFIXES = (".h",)
#: Folders holding code for the host (test drivers), never compiled for the target.
HOST_ONLY_DIRS = frozenset({"host", "tests", "test"})
#: Include directories, relative to the firmware root and to the project's ``src/`` (the project's first).
INCLUDE_DIRS = ("include", ".")


@dataclass(frozen=True)
class Source:
    """One file of the build: its path relative to the tree it came from, its real path and that tree's name."""

    rel: Path
    path: Path
    origin: str

    @property
    def object_name(self) -> str:
        """Object path inside the build's ``obj/``: keyed by origin, so an override and the file it replaces
        never share an object."""
        return f"{self.origin}/{self.rel.as_posix()}.o"


def _files(root: Path, suffixes: tuple[str, ...]) -> dict[Path, Path]:
    if not root.is_dir():
        return {}
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.suffix in suffixes and path.is_file() and not HOST_ONLY_DIRS.intersection(rel.parts[:-1]):
            found[rel] = path
    return found


def collect_sources(firmware_dir: Path, override_dir: Path | None) -> list[Source]:
    """The C and assembly files to compile, overrides applied, sorted by relative path."""
    chosen = {rel: Source(rel, path, "firmware") for rel, path in _files(firmware_dir, SOURCE_SUFFIXES).items()}
    if override_dir is not None:
        for rel, path in _files(override_dir, SOURCE_SUFFIXES).items():
            chosen[rel] = Source(rel, path, "proj")
    return [chosen[rel] for rel in sorted(chosen)]


def overridden_headers(firmware_dir: Path, override_dir: Path | None) -> list[Path]:
    """Relative paths of the headers the project replaces."""
    if override_dir is None:
        return []
    base = _files(firmware_dir, HEADER_SUFFIXES)
    return sorted(rel for rel in _files(override_dir, HEADER_SUFFIXES) if rel in base)


def include_dirs(firmware_dir: Path, override_dir: Path | None) -> list[Path]:
    """``-I`` directories in search order: each project directory before its ``firmware/`` counterpart."""
    dirs = []
    for rel in INCLUDE_DIRS:
        if override_dir is not None and (override_dir / rel).is_dir():
            dirs.append((override_dir / rel).resolve())
        dirs.append((firmware_dir / rel).resolve())
    return dirs
