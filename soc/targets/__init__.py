"""SoC targets: the Verilator simulation (``sim``, :mod:`soc.targets.sim`) and the boards (:mod:`soc.boards`)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from cfu.errors import CfuError
from soc.boards import board_names, get_board

#: The simulated SoC's target name.
SIM = "sim"

#: A CFU that answers zero at once, for when only the SoC's shape matters (headers, elaboration).
NULL_CFU = Path(__file__).resolve().parents[1] / "rtl" / "cfu_null.v"


def target_names() -> list[str]:
    """``sim`` and every board."""
    return [SIM, *board_names()]


def target_cpu(target: str) -> str:
    """The CPU of ``target``'s simulated SoC: VexRiscv on ``sim``, the board's default (first) CPU on a board."""
    from soc.board import VEXRISCV

    return VEXRISCV if target == SIM else get_board(target).cpus[0]


def simulated_soc(target: str) -> str:
    """The SoC ``target`` names for simulation: ``sim``, or a board's name (an alias resolved) when the board has a
    simulation SoC; :class:`CfuError` for an unknown board or one without."""
    if target == SIM:
        return SIM
    board = get_board(target)
    board.require_sim_soc()
    return board.name


def soc_factory(target: str) -> Callable:
    """Return ``make_soc(cfu_verilog)`` of ``target`` (a board's VexRiscv SoC), or raise :class:`CfuError`."""
    if target == SIM:
        from soc.targets.sim import make_soc
        return make_soc
    if target not in board_names():
        raise CfuError(f"unknown target {target!r}; known targets: {', '.join(target_names())}")
    return get_board(target).soc
