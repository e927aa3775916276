"""A user project: the folder ``proj/<name>/`` with its CFU, kernel overrides, model and tests."""

import hashlib
import importlib.util
import inspect
import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import CfuError
from .paths import REPO_ROOT

__all__ = ["REPO_ROOT", "PROJECTS_DIR", "Project", "project_names"]

PROJECTS_DIR = REPO_ROOT / "proj"
#: Each project's loaded ``cfu.py`` by (path, SHA-256 of its content): a command runs the file once.
_LOADED_CFU_MODULES: dict[tuple[Path, str], object] = {}


def project_names() -> list[str]:
    """Names of the projects in ``proj/`` (folders with a ``cfu.py``)."""
    return sorted(path.parent.name for path in PROJECTS_DIR.glob("*/cfu.py"))


@dataclass(frozen=True)
class Project:
    """A project folder. Use :meth:`load` to find one by name or path."""

    name: str
    root: Path

    @classmethod
    def load(cls, name_or_path: str | Path) -> "Project":
        """The project at a path (anything with a ``/``, or a folder of the current directory that has a
        ``cfu.py``), else the project of that name in ``proj/``."""
        root = _project_root(str(name_or_path))
        if not root.is_dir():
            known = ", ".join(project_names()) or "none"
            raise CfuError(f"no project '{name_or_path}': {root} is not a folder "
                           f"(give a project folder's path, or one of the projects in proj/: {known})")
        if not (root / "cfu.py").is_file():
            raise CfuError(f"project '{root.name}' has no cfu.py: add {root / 'cfu.py'} defining make_cfu() "
                           "(copy proj/proj_template/cfu.py to start)")
        return cls(root.name, root.resolve())

    @property
    def argument(self) -> str:
        """How to name this project on a command line (``--proj``, ``make PROJ=``): its name when it is the
        one of that name in ``proj/``, else its path."""
        return self.name if self.root == (PROJECTS_DIR / self.name).resolve() else str(self.root)

    @property
    def build_dir(self) -> Path:
        """Where everything generated for this project goes (never committed)."""
        return self.root / "build"

    def model_path(self) -> Path | None:
        """The project's model: the one ``.tflite`` in ``model/``, or None when it has none."""
        models = sorted((self.root / "model").glob("*.tflite"))
        if len(models) > 1:
            names = ", ".join(path.name for path in models)
            raise CfuError(f"project '{self.name}' has several models ({names}): choose one with MODEL=path")
        return models[0] if models else None

    def make_cfu(self, cpu: str | None = None):
        """Call the project's ``cfu.py:make_cfu()``: a :class:`~cfu.gateware.Cfu` or :class:`~cfu.gateware.VerilogCfu`.

        A ``make_cfu`` with a ``cpu`` parameter gives each CPU its own CFU (a small SoC's CPU a smaller one); it
        gets ``cpu`` when given, else its own default. Any other ``make_cfu`` serves every CPU.
        """
        make_cfu = self._make_cfu_function()
        with self._user_code("make_cfu() failed"):
            cfu = make_cfu(cpu=cpu) if cpu is not None and _takes_cpu(make_cfu) else make_cfu()
        if not (hasattr(cfu, "specs") and hasattr(cfu, "write_verilog")):
            raise CfuError(f"{self.root / 'cfu.py'}: make_cfu() returned {type(cfu).__name__}, "
                           "expected a cfu.gateware.Cfu or cfu.gateware.VerilogCfu")
        return cfu

    def cfu_cpus(self) -> tuple[str | None, ...]:
        """The CPUs the project has a CFU of its own for: ``(None,)`` (one CFU for all) unless ``make_cfu`` takes
        ``cpu``, then None (its default) and each CPU of ``cfu.py``'s ``CFU_CPUS``."""
        module = self._load_cfu_module()
        if not _takes_cpu(self._make_cfu_function(module)):
            return (None,)
        return (None, *getattr(module, "CFU_CPUS", ()))

    def cfu_verilog(self, cfu=None, cpu: str | None = None) -> Path:
        """Write the ``Cfu`` Verilog of ``cfu`` (default: :meth:`make_cfu`'s for ``cpu``) to the build directory,
        untouched if unchanged, and return its path (one file per CPU with a CFU of its own)."""
        own = cpu is not None and cpu in self.cfu_cpus()
        path = self.build_dir / "gateware" / (f"cfu_{cpu}.v" if own else "cfu.v")
        cfu = cfu or self.make_cfu(cpu)
        with self._user_code("making the CFU's Verilog failed"):
            cfu.write_verilog(path)
        return path

    def _make_cfu_function(self, module=None):
        make_cfu = getattr(module or self._load_cfu_module(), "make_cfu", None)
        if not callable(make_cfu):
            raise CfuError(f"{self.root / 'cfu.py'} must define a function make_cfu() returning the project's CFU")
        return make_cfu

    def _load_cfu_module(self):
        """``cfu.py`` as a module, run once per content of the file."""
        path = self.root / "cfu.py"
        key = (path, hashlib.sha256(path.read_bytes()).hexdigest())
        if key not in _LOADED_CFU_MODULES:
            spec = importlib.util.spec_from_file_location(f"cfu_project_{self.name}", path)
            module = importlib.util.module_from_spec(spec)
            with self._user_code("loading cfu.py failed"):
                spec.loader.exec_module(module)
            _LOADED_CFU_MODULES[key] = module
        return _LOADED_CFU_MODULES[key]

    @contextmanager
    def _user_code(self, what: str) -> Iterator[None]:
        """Turn any exception of the project's code into one `CfuError` naming the file and line."""
        try:
            yield
        except SyntaxError as error:
            raise CfuError(f"{error.filename}:{error.lineno}: syntax error: {error.msg}") from None
        except Exception as error:  # noqa: BLE001 - user code may raise anything; the message keeps its type
            raise CfuError(f"{self._blame(error)}: {what}: {_describe(error)}") from None

    def _blame(self, error: BaseException) -> str:
        """``file:line`` of the innermost frame in the project's folder, else of the innermost frame."""
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if Path(f.filename).resolve().is_relative_to(self.root)]
        frame = (ours or frames)[-1]
        return f"{frame.filename}:{frame.lineno}"


def _takes_cpu(make_cfu) -> bool:
    return "cpu" in inspect.signature(make_cfu).parameters


def _describe(error: Exception) -> str:
    return str(error) if isinstance(error, CfuError) else f"{type(error).__name__}: {error}"


def _project_root(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if os.sep in name_or_path or "/" in name_or_path or name_or_path in (".", ".."):
        return path
    if not (PROJECTS_DIR / name_or_path).is_dir() and (path / "cfu.py").is_file():
        return path
    return PROJECTS_DIR / name_or_path
