"""``simctrl``: a CSR peripheral through which firmware ends a simulation with an exit code."""

from __future__ import annotations

from migen import Signal

from litex.gen import LiteXModule
from litex.soc.interconnect.csr import CSRStorage


class SimCtrl(LiteXModule):
    """Writing ``exit`` pulses :attr:`exit_valid` with :attr:`exit_code` = the written value.

    The simulation harness watches these signals and stops the simulation; on a board the
    peripheral is absent, so firmware only touches it when ``CSR_SIMCTRL_BASE`` is defined.

    Attributes
    ----------
    exit_valid : Signal(1)
        High for one cycle after firmware writes ``simctrl_exit``.
    exit_code : Signal(32)
        The value written.
    """

    def __init__(self) -> None:
        self._exit = CSRStorage(32, name="exit", description="Write the exit code to end the simulation.")
        self.exit_valid = Signal()
        self.exit_code = Signal(32)
        self.comb += [
            self.exit_valid.eq(self._exit.re),
            self.exit_code.eq(self._exit.storage),
        ]
