"""Silence LiteX's INFO logging (SoC tree, CSR allocation...) while the toolkit builds a SoC."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet_litex() -> Iterator[None]:
    """Drop log records at INFO and below inside the block; warnings and errors still show."""
    previous = logging.root.manager.disable
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(previous)
