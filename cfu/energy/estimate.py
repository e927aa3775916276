"""Energy per inference = power x latency, from the family's published power terms (:mod:`.coefficients`), the
design's resources (``resources.json`` of the target's bitstream build) and the activity measured in the simulator.

Per clock cycle the design spends the base term (clock network), each logic cell's energy per transition times
its measured toggle rate (the CFU's cells at the CFU's rate, the rest at the SoC's), and each DSP block's energy
per multiply scaled from the toggle rate of its published measurement to the measured one of its part. Static
power is paid for the latency at the target's clock. The dynamic part carries the family's stated uncertainty
factor, shown as a low-high range.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..files import read_json_of_format, write_atomic
from .activity import Activity
from .coefficients import FamilyPower

__all__ = ["ENERGY_FORMAT", "EnergyRow", "EnergyEstimate", "estimate_energy", "write_energy_json",
           "load_energy_json", "format_energy"]

#: The ``format`` of ``energy.json``.
ENERGY_FORMAT = 1


@dataclass(frozen=True)
class EnergyRow:
    """One model's energy per inference in µJ (``low``-``high``: the uncertainty range) at ``cycles``."""

    model: str
    cycles: float
    latency_ms: float
    energy_uj: float
    low_uj: float
    high_uj: float


@dataclass(frozen=True)
class EnergyEstimate:
    """What ``energy.json`` holds: the inputs (resources, activity, power terms) and the estimate per model.

    ``measured`` is the model whose activity was simulated; ``mlperf`` rows apply that activity to the MLPerf Tiny
    latencies of ``mlperf.json`` (another model's activity: labelled so wherever shown).
    """

    project: str
    target: str
    device: str
    family: str
    clock_hz: int
    logic_cells_soc: float
    logic_cells_cfu: float
    dsp_blocks_soc: float
    dsp_blocks_cfu: float
    activity: dict
    power_w: dict
    terms: dict
    source: str
    note: str
    uncertainty: float
    measured: EnergyRow
    mlperf: list[EnergyRow] = field(default_factory=list)
    #: SHA-256 of the CFU Verilog the activity was measured with.
    cfu_sha256: str = ""


def _energy_per_cycle(power: FamilyPower, cells: tuple[float, float], dsps: tuple[float, float],
                      activity: Activity) -> dict[str, float]:
    """Dynamic joules per cycle, per term; ``cells`` and ``dsps`` are (SoC without the CFU, CFU)."""
    rates = (activity.soc_toggle_rate, activity.cfu_toggle_rate)
    dsp_per_rate = power.dsp_j_per_cycle / power.dsp_toggle_rate
    return {
        "base": power.base_j_per_cycle,
        "logic_soc": power.logic_j_per_toggle * cells[0] * rates[0],
        "logic_cfu": power.logic_j_per_toggle * cells[1] * rates[1],
        "dsp_soc": dsp_per_rate * dsps[0] * rates[0],
        "dsp_cfu": dsp_per_rate * dsps[1] * rates[1],
    }


def _row(model: str, cycles: float, clock_hz: int, dynamic_j_per_cycle: float, static_w: float,
         uncertainty: float) -> EnergyRow:
    seconds = cycles / clock_hz
    dynamic, static = dynamic_j_per_cycle * cycles, static_w * seconds
    return EnergyRow(model, cycles, 1000 * seconds, 1e6 * (dynamic + static), 1e6 * (dynamic / uncertainty + static),
                     1e6 * (dynamic * uncertainty + static))


def estimate_energy(project: str, target: str, clock_hz: int, resources: dict, power: FamilyPower,
                    activity: Activity, mlperf_cycles: dict[str, float], cfu_sha256: str = "") -> EnergyEstimate:
    """The estimate for ``activity``'s model and for each MLPerf model of ``mlperf_cycles`` (name: cycles)."""
    cfu_cells = resources["cfu"]["logic"]["used"]
    soc_cells = max(0.0, resources["soc"]["logic"]["used"] - cfu_cells)
    cfu_dsps = resources["cfu"].get("dsp", {}).get("used", 0)
    soc_dsps = max(0.0, resources["soc"].get("dsp", {}).get("used", 0) - cfu_dsps)
    terms = _energy_per_cycle(power, (soc_cells, cfu_cells), (soc_dsps, cfu_dsps), activity)
    per_cycle = sum(terms.values())
    static_w = power.static_w or 0.0

    def row(model: str, cycles: float) -> EnergyRow:
        return _row(model, cycles, clock_hz, per_cycle, static_w, power.uncertainty)

    return EnergyEstimate(
        project=project, target=target, device=resources["device"], family=power.family, clock_hz=clock_hz,
        logic_cells_soc=soc_cells, logic_cells_cfu=cfu_cells, dsp_blocks_soc=soc_dsps, dsp_blocks_cfu=cfu_dsps,
        activity={**asdict(activity), "soc_toggle_rate": activity.soc_toggle_rate,
                  "cfu_toggle_rate": activity.cfu_toggle_rate},
        power_w={"static": power.static_w, "dynamic": per_cycle * clock_hz},
        terms={name: value * 1e12 for name, value in terms.items()},
        source=power.source, note=power.note, uncertainty=power.uncertainty,
        measured=row(activity.model, activity.cycles),
        mlperf=[row(name, cycles) for name, cycles in mlperf_cycles.items()],
        cfu_sha256=cfu_sha256,
    )


def write_energy_json(estimate: EnergyEstimate, path: Path) -> None:
    write_atomic(path, json.dumps({"format": ENERGY_FORMAT, **asdict(estimate)}, indent=1) + "\n")


def load_energy_json(path: Path) -> EnergyEstimate:
    """Read an ``energy.json``; ``ValueError`` says what is wrong with a damaged one or one of another format."""
    data = read_json_of_format(path, ENERGY_FORMAT)
    try:
        return EnergyEstimate(**{**data, "measured": EnergyRow(**data["measured"]),
                                 "mlperf": [EnergyRow(**row) for row in data["mlperf"]]})
    except (KeyError, TypeError) as error:
        raise ValueError(f"missing or unknown fields ({error})") from None


def format_energy(estimate: EnergyEstimate) -> str:
    """The estimate as printed by ``cfu energy``: inputs, power, then energy per inference per model."""
    act = estimate.activity
    static = ("not included (no published figure)" if estimate.power_w["static"] is None
              else f"{1e3 * estimate.power_w['static']:.3f} mW")
    lines = [
        f"Energy per inference, estimated: project {estimate.project} on {estimate.target} ({estimate.device}) at "
        f"{estimate.clock_hz / 1e6:g} MHz",
        f"  logic cells: {estimate.logic_cells_soc:g} SoC (CFU excluded), {estimate.logic_cells_cfu:g} CFU; "
        f"DSP blocks: {estimate.dsp_blocks_soc:g} SoC, {estimate.dsp_blocks_cfu:g} CFU",
        f"  toggle rate over one inference of {act['model']} ({act['cycles']:,} cycles, simulated): SoC "
        f"{100 * act['soc_toggle_rate']:.2f} %, CFU {100 * act['cfu_toggle_rate']:.2f} %",
        "  dynamic energy per cycle (pJ): " + ", ".join(f"{name} {value:.2f}" for name, value in
                                                      estimate.terms.items()),
        f"  power: static {static}, dynamic {1e3 * estimate.power_w['dynamic']:.3f} mW",
        f"{'model':<24} {'activity of':<24} {'cycles':>14} {'ms':>10} {'energy µJ':>11} "
        f"{'range µJ (x' + format(estimate.uncertainty, 'g') + ')':>22}",
    ]
    for row in (estimate.measured, *estimate.mlperf):
        lines.append(f"{row.model[:24]:<24} {act['model'][:24]:<24} {row.cycles:>14,.0f} {row.latency_ms:>10.3f} "
                     f"{row.energy_uj:>11.3f} {row.low_uj:>10.3f} - {row.high_uj:<10.3f}")
    lines.append(f"source: {estimate.source}")
    if estimate.note:
        lines.append(f"not included: {estimate.note}")
    return "\n".join(lines)
