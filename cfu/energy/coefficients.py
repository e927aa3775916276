"""Power figures per FPGA family, each with where it comes from and how far to trust it (docs/energy.md).

No vendor power tool runs here, so the figures come from published data:

- iCE40 UltraPlus: the board measurements of tinyvision.ai's ``ice40_power`` (README, iCE40UP5K on Lattice's
  iCE40 UltraPlus breakout board, core rail at 1.219 V measured with a Joulescope JS110). Static power is the
  core current of a blank design; the clock term is the slope of a 28-cell counter design from 6 to 48 MHz;
  the logic term is the slope from 32 to 228 cells of counters, divided by a counter's mean output toggle
  rate; the DSP term is a multiply done in one SB_MAC16 against the same multiply in cells.
- ECP5 (same 40 nm process class, LUT4 fabric): no per-resource figure was found, so the iCE40 UltraPlus
  fabric terms are used, scaled by the square of the core voltages (1.1 V against 1.219 V), and the static
  power is left out: the estimate is a lower bound and says so.
- Xilinx 7-series: no figure found; the estimate refuses with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CfuError

__all__ = ["FamilyPower", "family_power", "FAMILY_POWER"]

_ICE40_VCC = 1.219
_ICE40_SOURCE = ("tinyvision.ai, ice40_power (github.com/tinyvision-ai-inc/ice40_power, README 'Results'): "
                 "iCE40UP5K core current on the iCE40 UltraPlus breakout board, Joulescope JS110")


def _counter_toggle_rate(bits: int) -> float:
    """Mean toggle rate of a counter's bits: bit i toggles every 2^i cycles."""
    return sum(2.0 ** -i for i in range(bits)) / bits


@dataclass(frozen=True)
class FamilyPower:
    """Static power and dynamic energy terms of one FPGA family.

    ``static_w`` is None when no figure was found (the estimate is then a lower bound).
    ``base_j_per_cycle``: global clock network and the smallest running design, per clock cycle.
    ``logic_j_per_toggle``: one output transition of one logic cell (LUT4 and its flip-flop, routing included).
    ``dsp_j_per_cycle``: one DSP block multiplying every cycle with inputs toggling at ``dsp_toggle_rate``
    (the estimate scales it by the measured toggle rate of the part the DSP is in).
    ``uncertainty``: the factor the dynamic energy may be off by, either way.
    """

    family: str
    static_w: float | None
    base_j_per_cycle: float
    logic_j_per_toggle: float
    dsp_j_per_cycle: float
    dsp_toggle_rate: float
    uncertainty: float
    source: str
    note: str = ""


def _ice40() -> FamilyPower:
    # Core currents in µA from the README's table (rows named in the comments).
    blank = 85.6                                    # "Blank design"
    hfosc_6, hfosc_48 = 388.4, 2184.0               # "HFOSC (6 MHz)" / "(48 MHz) + 24 bit counter (28 LC's)"
    counters_32, counters_228 = 613.5, 641.3        # "External 12 MHz + 28 bit counter (32 LC's)" / "28*8 (228)"
    math_dsp = 882.0                                # "HFOSC (12 MHz) + Math (1 DSP) + 24 bit counter (72 LC's)"
    counter_12 = 645.0                              # "HFOSC (12 MHz) + 24 bit counter (28 LC's)"
    per_cell_at_12 = (counters_228 - counters_32) / (228 - 32)
    dsp_at_12 = math_dsp - counter_12 - (72 - 28) * per_cell_at_12
    return FamilyPower(
        family="ice40",
        static_w=blank * 1e-6 * _ICE40_VCC,
        base_j_per_cycle=(hfosc_48 - hfosc_6) * 1e-6 / 42e6 * _ICE40_VCC,
        logic_j_per_toggle=per_cell_at_12 * 1e-6 / 12e6 * _ICE40_VCC / _counter_toggle_rate(28),
        dsp_j_per_cycle=dsp_at_12 * 1e-6 / 12e6 * _ICE40_VCC,
        dsp_toggle_rate=_counter_toggle_rate(8),  # the multiply's inputs are two 8-bit counters
        uncertainty=2.0,
        source=_ICE40_SOURCE,
        note="block RAM and SPRAM access energy not included (not in the measurements)",
    )


def _ecp5(ice40: FamilyPower) -> FamilyPower:
    scale = (1.1 / _ICE40_VCC) ** 2
    return FamilyPower(
        family="ecp5",
        static_w=None,
        base_j_per_cycle=ice40.base_j_per_cycle * scale,
        logic_j_per_toggle=ice40.logic_j_per_toggle * scale,
        dsp_j_per_cycle=ice40.dsp_j_per_cycle * scale,
        dsp_toggle_rate=ice40.dsp_toggle_rate,
        uncertainty=3.0,
        source=f"proxy: iCE40 UltraPlus terms scaled by (1.1 V / {_ICE40_VCC} V)^2; {_ICE40_SOURCE}",
        note="no published ECP5 per-resource figure found: static power and block RAM energy not included "
             "(a lower bound)",
    )


_ICE40 = _ice40()
FAMILY_POWER: dict[str, FamilyPower] = {"ice40": _ICE40, "ecp5": _ecp5(_ICE40)}


def family_power(family: str) -> FamilyPower:
    """The power terms of ``family``; a family without published figures is refused with that reason."""
    try:
        return FAMILY_POWER[family]
    except KeyError:
        raise CfuError(f"no published power figures for the {family} family in the toolkit (docs/energy.md lists "
                       f"the sources used); energy can be estimated for {', '.join(FAMILY_POWER)} targets") from None
