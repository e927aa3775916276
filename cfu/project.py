"""A user project: the folder ``proj/<name>/`` with its CFU, kernel overrides, model and tests."""

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from .errors import CfuError
from .paths import REPO_ROOT

__all__ = ["REPO_ROOT", "PROJECTS_DIR", "Project", "project_names"]

PROJECTS_DIR = REPO_ROOT / "proj"


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
        """The project named ``name_or_path`` in ``proj/``, or the folder at that path."""
        candidate = Path(name_or_path)
        root = candidate if candidate.is_dir() and (candidate / "cfu.py").exists() else PROJECTS_DIR / str(name_or_path)
        if not root.is_dir():
            known = ", ".join(project_names()) or "none"
            raise CfuError(f"no project '{name_or_path}': expected a folder proj/{name_or_path}/ (projects: {known})")
        if not (root / "cfu.py").is_file():
            raise CfuError(f"project '{root.name}' has no cfu.py: add {root / 'cfu.py'} defining make_cfu() "
                           "(copy proj/proj_template/cfu.py to start)")
        return cls(root.name, root.resolve())

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

    def make_cfu(self):
        """Call the project's ``cfu.py:make_cfu()``: a :class:`~cfu.gateware.Cfu` or :class:`~cfu.gateware.VerilogCfu`."""
        module = self._load_cfu_module()
        make_cfu = getattr(module, "make_cfu", None)
        if not callable(make_cfu):
            raise CfuError(f"{self.root / 'cfu.py'} must define a function make_cfu() returning the project's CFU")
        cfu = make_cfu()
        if not (hasattr(cfu, "specs") and hasattr(cfu, "write_verilog")):
            raise CfuError(f"{self.root / 'cfu.py'}: make_cfu() returned {type(cfu).__name__}, "
                           "expected a cfu.gateware.Cfu or cfu.gateware.VerilogCfu")
        return cfu

    def cfu_verilog(self, cfu=None) -> Path:
        """Write the ``Cfu`` Verilog of ``cfu`` (default: :meth:`make_cfu`'s) to the build directory, untouched if
        unchanged, and return its path."""
        path = self.build_dir / "gateware" / "cfu.v"
        (cfu or self.make_cfu()).write_verilog(path)
        return path

    def _load_cfu_module(self):
        path = self.root / "cfu.py"
        spec = importlib.util.spec_from_file_location(f"cfu_project_{self.name}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except CfuError:
            raise
        except SyntaxError as error:
            raise CfuError(f"{path}:{error.lineno}: syntax error: {error.msg}") from None
        return module
