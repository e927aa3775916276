"""The boards: every module in this package describes one board in its ``BOARD`` (:class:`soc.board.Board`).

A module's name is its board's name, so listing the boards imports nothing; adding a board is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from cfu.errors import CfuError
from soc.board import Board


def board_names() -> list[str]:
    """The names of all boards, sorted (the module names in this package)."""
    return sorted(module.name for module in pkgutil.iter_modules(__path__))


@cache
def _load(name: str) -> Board:
    board = importlib.import_module(f"{__name__}.{name}").BOARD
    if board.name != name:
        raise CfuError(f"board file {name}.py describes a board named {board.name!r}: name the file after its board")
    return board


def all_boards() -> list[Board]:
    """Every board's description, in name order."""
    return [_load(name) for name in board_names()]


def get_board(name: str) -> Board:
    """The board called ``name`` (or one of its aliases); :class:`CfuError` listing the known boards if none."""
    names = board_names()
    if name in names:
        return _load(name)
    for board in all_boards():
        if name in board.aliases:
            return board
    aliases = sorted(alias for board in all_boards() for alias in board.aliases)
    raise CfuError(f"unknown board '{name}'; known boards: {', '.join(names)} (aliases: {', '.join(aliases)}; "
                   "the simulator is 'make sim')")
