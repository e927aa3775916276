"""The operator registry: every module of this package that defines `OPERATOR` and `prepare`.

Adding an operator is adding a module (no list to edit); see docs/models.md.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from cfu.errors import CfuError
from cfu.model.graph import Operator
from cfu.model.ops.base import CodeUnit, LayerCode, OpContext

#: How a layer whose operator has no module here is reported (the supported set is listed once).
UNSUPPORTED = "operator not supported"


def registry() -> dict[str, ModuleType]:
    """TFLite builtin name -> operator module."""
    ops = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "OPERATOR") and hasattr(module, "prepare"):
            ops[module.OPERATOR] = module
    return ops


def prepare_operator(op: Operator, unit: CodeUnit,
                     ops: dict[str, ModuleType] | None = None) -> LayerCode:
    """Validate and prepare one operator; unsupported ones raise `CfuError`."""
    ops = registry() if ops is None else ops
    module = ops.get(op.name)
    if module is None:
        raise CfuError(f"layer {op.index} ({op.name}): {UNSUPPORTED}")
    return module.prepare(OpContext(op, unit))
