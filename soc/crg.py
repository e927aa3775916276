"""Clock and reset for boards: one PLL from the board oscillator to the ``sys`` clock domain, and the clocks a
memory PHY needs beside it."""

from __future__ import annotations

from migen import ClockDomain, Signal

from litex.gen import LiteXModule


class PllCrg(LiteXModule):
    """Drive ``sys`` at ``sys_clk_freq`` from ``clkin`` through ``pll`` (a LiteX PLL: S7PLL, ECP5PLL, iCE40PLL).

    ``reset`` (active high) holds the domains in reset; the PLL's lock does too. Each of ``more_clocks``,
    ``(domain name, frequency in Hz, phase in degrees)``, becomes a clock domain ``cd_<name>`` from the same PLL
    (a DRAM PHY's fast and phase-shifted clocks).
    """

    def __init__(self, pll: LiteXModule, clkin: Signal, clkin_freq: float, sys_clk_freq: float,
                 reset: Signal | None = None, more_clocks: tuple[tuple[str, float, float], ...] = ()) -> None:
        self.cd_sys = ClockDomain()
        self.pll = pll
        if reset is not None:
            self.comb += pll.reset.eq(reset)
        pll.register_clkin(clkin, clkin_freq)
        pll.create_clkout(self.cd_sys, sys_clk_freq)
        for name, freq, phase in more_clocks:
            domain = ClockDomain(name)
            setattr(self, f"cd_{name}", domain)
            pll.create_clkout(domain, freq, phase=phase)
