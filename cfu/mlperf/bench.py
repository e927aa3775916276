"""``cfu mlperf``: each MLPerf Tiny model run several times in one simulation of the target's SoC (the default
simulated SoC, or a board's own, with its memory system), the first (cold caches) inference reported apart, latency
as the median of the others at the target's clock, every inference checked against TFLite Micro; written to
``mlperf.json`` and printed beside the reference points."""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from soc.targets import SIM, target_cpu

from ..errors import CfuError
from ..files import read_json_of_format, write_atomic
from ..freshness import cfu_sha256, stale_reason
from ..profile.parse import parse_runs
from ..profile.run import (ProfileTarget, RtlTarget, SimRun, golden_verdicts, import_fitting_model,
                           simulate_project)
from ..project import Project
from .models import MlperfModel, model_file
from .reference import REFERENCE_POINTS

__all__ = ["MlperfResult", "MlperfReport", "MLPERF_FORMAT", "target_clock_hz", "run_mlperf",
           "format_mlperf_table", "write_mlperf_json", "load_mlperf_json"]

#: The ``format`` of ``mlperf.json``. 2: a board target's figures are its own SoC's (format 1 ran the default SoC
#: at the board's clock).
MLPERF_FORMAT = 2


@dataclass(frozen=True)
class MlperfResult:
    """One model: ``cold_cycles`` is the first inference, ``median_cycles`` the median of the others (of the first
    when it ran once); ``golden`` holds one verdict per inference."""

    name: str
    task: str
    file: str
    macs: int
    status: str
    cold_cycles: int | None = None
    warm_cycles: list[int] = field(default_factory=list)
    median_cycles: float | None = None
    cold_ms: float | None = None
    median_ms: float | None = None
    golden: list[str] = field(default_factory=list)
    #: The median at the Fmax of the target's last bitstream build (None without a resources.json).
    median_ms_at_fmax: float | None = None

    @property
    def passed(self) -> bool:
        return self.status == "ok" and bool(self.golden) and all(verdict == "pass" for verdict in self.golden)


@dataclass(frozen=True)
class MlperfReport:
    project: str
    target: str
    clock_hz: int
    simulator: str
    inferences: int
    models: list[MlperfResult]
    #: Fmax of the target's last bitstream build (``build/<target>/resources.json``), when there is one.
    fmax_mhz: float | None = None
    #: SHA-256 of the CFU Verilog the models ran with (:mod:`cfu.freshness`).
    cfu_sha256: str = ""


def target_clock_hz(target: str) -> int:
    """The sys clock of the SoC target: the simulated SoC's, or the board's (:mod:`soc.boards`)."""
    from soc.boards import get_board
    from soc.targets import soc_factory

    soc_factory(target)  # refuses an unknown target with the list of known ones
    if target == SIM:
        from soc.targets.sim import SYS_CLK_FREQ

        return SYS_CLK_FREQ
    return get_board(target).sys_clk_freq


def run_mlperf(project: Project, target: str, models: list[MlperfModel], models_dir: Path, inferences: int,
               max_cycles: int | None = None, simulator: ProfileTarget | None = None,
               out_name: str | None = None) -> MlperfReport:
    """Run every model in the SoC simulation of ``target`` (every file is looked for, and every model checked to
    fit the target's memory, first: one that is missing or too big stops the command before any work) on
    ``simulator`` (default: the RTL one; the fast one's results go to ``build/<out_name>`` and carry its name)."""
    simulator = simulator or RtlTarget(target)
    clock_hz = target_clock_hz(target)
    paths = [model_file(model, models_dir) for model in models]
    _refuse_models_that_do_not_fit(models, paths, target)
    design = cfu_sha256(project.cfu_verilog(cpu=target_cpu(target)))  # the CFU of the target's CPU
    fmax_mhz = _fmax_mhz(project.build_dir / target / "resources.json", design,
                         f"make PROJ={project.argument} TARGET={target} bitstream")
    results = []
    for model, path in zip(models, paths):
        print(f"cfu mlperf: {model.name} ({model.task}), {inferences} inferences")
        result = _run_one(SimRun(project, path, max_cycles=max_cycles, repeats=inferences, out_name=out_name,
                                 soc=target), simulator, model, clock_hz)
        if fmax_mhz and result.median_cycles is not None:
            result = replace(result, median_ms_at_fmax=_ms(result.median_cycles, fmax_mhz * 1e6))
        results.append(result)
    return MlperfReport(project.name, target, clock_hz, simulator.name, inferences, results, fmax_mhz, design)


def _refuse_models_that_do_not_fit(models: list[MlperfModel], paths: list[Path], target: str) -> None:
    """One :class:`CfuError` naming each model too big for ``target``'s memory (region and bytes), and the
    ``--models`` of those that fit."""
    too_big = {}
    for model, path in zip(models, paths):
        try:
            import_fitting_model(path, target)
        except CfuError as error:
            too_big[model.name] = str(error)
    if too_big:
        fitting = [model.name for model in models if model.name not in too_big]
        hint = f"; the others fit: --models {','.join(fitting)}" if fitting else ""
        raise CfuError("; ".join(f"{name}: {reason}" for name, reason in too_big.items()) + hint)


def _fmax_mhz(resources: Path, design: str, command: str) -> float | None:
    """The Fmax a bitstream build of the target reported; None when there is no (readable) report, or when it was
    built from another CFU (said in one line: its Fmax is not this design's)."""
    try:
        report = json.loads(resources.read_text())
        fmax = report["timing"]["fmax_mhz"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    stale = stale_reason(report, design, command)
    if stale:
        print(f"cfu mlperf: {resources.name} is {stale}; ms at Fmax left out")
        return None
    return fmax


def _run_one(run: SimRun, simulator: ProfileTarget, model: MlperfModel, clock_hz: int) -> MlperfResult:
    path, inferences = run.model_path, run.repeats
    outcome = simulate_project(run, simulator)
    macs = outcome.model.macs
    runs = [run for run in parse_runs(outcome.output) if run.complete]
    if len(runs) < inferences:
        return MlperfResult(model.name, model.task, model.file, macs,
                            f"stopped after {len(runs)} of {inferences} inferences")
    cycles = [run.total_cycles for run in runs]
    median = statistics.median(cycles[1:] or cycles)
    golden = golden_verdicts(path, outcome.model, outcome.input_values, [run.outputs for run in runs],
                             "cfu mlperf")
    print(f"golden: {model.name}: {', '.join(golden)}")
    return MlperfResult(model.name, model.task, model.file, macs, "ok", cycles[0], cycles[1:], median,
                        _ms(cycles[0], clock_hz), _ms(median, clock_hz), golden)


def _ms(cycles: float, clock_hz: int) -> float:
    return 1000.0 * cycles / clock_hz


def write_mlperf_json(report: MlperfReport, path: Path) -> None:
    write_atomic(path, json.dumps({"format": MLPERF_FORMAT, **asdict(report)}, indent=1) + "\n")


def load_mlperf_json(path: Path) -> MlperfReport:
    """Read an ``mlperf.json``; ``ValueError`` says what is wrong with a damaged one or one of another format."""
    data = read_json_of_format(path, MLPERF_FORMAT)
    try:
        return MlperfReport(**{**data, "models": [MlperfResult(**row) for row in data["models"]]})
    except (KeyError, TypeError) as error:
        raise ValueError(f"missing or unknown fields ({error})") from None


def format_mlperf_table(report: MlperfReport) -> str:
    """The latency table, labelled simulated, with the reference points' latencies beside each model."""
    mhz = report.clock_hz / 1e6
    head = (f"{'model':<6} {'MACs':>12} {'cold cycles':>14} {'median cycles':>14} {'median ms':>10} "
            f"{'golden':<8}" + "".join(f" | {_short(point.label):>22}" for point in REFERENCE_POINTS))
    lines = [f"MLPerf Tiny, simulated ({report.simulator}); project {report.project}, target {report.target} at "
             f"{mhz:g} MHz; {report.inferences} inferences per model: the first (cold caches) apart, median of "
             "the others", head, "-" * len(head)]
    for row in report.models:
        refs = "".join(f" | {_reference_ms(point, row.name, report.clock_hz):>22}" for point in REFERENCE_POINTS)
        if row.status != "ok":
            lines.append(f"{row.name:<6} {row.macs:>12,} {row.status}" + refs)
            continue
        golden = "pass" if row.passed else "FAIL"
        at_fmax = f" ({row.median_ms_at_fmax:.3f} ms at Fmax)" if row.median_ms_at_fmax is not None else ""
        lines.append(f"{row.name:<6} {row.macs:>12,} {row.cold_cycles:>14,} {row.median_cycles:>14,.0f} "
                     f"{row.median_ms:>10.3f} {golden:<8}" + refs + at_fmax)
    if report.fmax_mhz:
        lines.append(f"Fmax of the last {report.target} bitstream build: {report.fmax_mhz:g} MHz")
    elif report.target != "sim":
        lines.append(f"no bitstream report for {report.target} (build/{report.target}/resources.json): ms at its "
                     f"nominal clock only; `make PROJ={report.project} TARGET={report.target} bitstream` measures "
                     "its Fmax")
    lines.append("reference columns, in ms: " + "; ".join(point.label for point in REFERENCE_POINTS)
                 + f" (cycles converted at {mhz:g} MHz where counted; docs/benchmarks.md gives the sources)")
    return "\n".join(lines)


def _short(label: str) -> str:
    return label.split(",")[0][:22]


def _reference_ms(point, model: str, clock_hz: int) -> str:
    if point.cycles and model in point.cycles:
        return f"{_ms(point.cycles[model], clock_hz):.3f}"
    if point.ms and model in point.ms:
        return f"{point.ms[model]:.3f}"
    return "-"
