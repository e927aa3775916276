"""SoC targets: the Verilator simulation and the boards, one module each, named in :data:`TARGETS`."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from cfu.errors import CfuError

#: Target name -> module under ``soc.targets`` defining ``make_soc(cfu_verilog) -> CfuSoC``.
TARGETS: dict[str, str] = {
    "sim": "sim",
    "digilent_arty": "digilent_arty",
    "kosagi_fomu": "kosagi_fomu",
    "radiona_ulx3s": "radiona_ulx3s",
}

#: A CFU that answers zero at once, for when only the SoC's shape matters (headers, elaboration).
NULL_CFU = Path(__file__).resolve().parents[1] / "rtl" / "cfu_null.v"


def soc_factory(target: str) -> Callable:
    """Return ``make_soc`` of ``target``, or raise :class:`CfuError` listing the known targets."""
    if target not in TARGETS:
        raise CfuError(f"unknown target {target!r}; known targets: {', '.join(TARGETS)}")
    return importlib.import_module(f"soc.targets.{TARGETS[target]}").make_soc
