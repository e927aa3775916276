"""``make PROJ=p sim``: build CFU, SoC and firmware (with the project's model), run it in the RTL simulator,
print the per-layer profile, write profile.json and a chart, then check the output against TFLite Micro.

Everything the simulation measured is written before the golden check runs, and the check runs in a process of
its own: a model TFLite Micro rejects, or one that crashes it, ends in ``golden: error (<reason>)``, not in a lost
run. Runs are bounded: without ``--max-cycles`` the budget comes from the model's work (:mod:`.budget`).
"""

import sys
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import CfuError
from ..fwbuild import build_firmware
from ..model.emit import write_c
from ..model.importer import ImportedModel, import_model
from ..project import Project
from .budget import default_cycle_budget
from .chart import draw_chart
from .golden import GoldenError, tflm_outputs
from .model_input import fixed_input, write_input_c
from .parse import FirmwareProfile, parse_profile, progress_line
from .report import LayerRow, ProfileReport, format_table, load_previous_profile, write_profile_json
from .stop import explain_stop

__all__ = ["SimRun", "SimOutcome", "run_in_rtl_sim", "simulate_project", "golden_verdicts", "FIRMWARE_RESERVE", "FIRMWARE_ONLY_BUDGET"]

#: Main RAM kept for code, stack and heap besides the model's weights and arena.
FIRMWARE_RESERVE = 256 * 1024
#: The cycle budget of a project firmware without a model (the CFU self-test and the menu): about a minute.
FIRMWARE_ONLY_BUDGET = 100_000_000
SIMULATOR_NAME = "verilator (LiteX SoC, VexRiscv full+cfu)"
#: ``golden`` in profile.json until the check has run.
GOLDEN_PENDING = "not run yet"


@dataclass(frozen=True)
class SimRun:
    """One profiled run. ``max_cycles`` None: the default budget (for all ``repeats``); 0: none."""

    project: Project
    model_path: Path | None
    sw_only: bool = False
    max_cycles: int | None = None
    cfu_timeout: int | None = None
    trace: str | None = None
    trace_file: Path | None = None
    #: Inferences in one run (the firmware's MODEL_REPEATS).
    repeats: int = 1

    @property
    def out_dir(self) -> Path:
        return self.project.build_dir / "sim"


class _ProgressOut:
    """Shows the firmware's console, turning profile lines into readable progress."""

    def __init__(self, stream):
        self._stream = stream
        self._layers = None

    def write(self, line: str) -> None:
        if line.startswith("~~model "):
            self._layers = int(line.split()[2].rstrip("~"))
        shown = progress_line(line, self._layers)
        if shown is not None:
            self._stream.write(shown)

    def flush(self) -> None:
        self._stream.flush()


@dataclass(frozen=True)
class SimOutcome:
    """What one simulation of a project's firmware gave: its model (None without one), the input it ran on, the
    exit status and the UART output."""

    model: ImportedModel | None
    input_values: list | None
    status: int
    output: str


def run_in_rtl_sim(run: SimRun) -> int:
    """Do the whole job; return the exit status (0 only when the firmware passed and the golden check too)."""
    outcome = simulate_project(run)
    model, status = outcome.model, outcome.status
    if model is None:
        return status
    profile = parse_profile(outcome.output)
    if profile is None or not profile.complete:
        print("cfu sim: the model did not run to the end: no profile")
        return status or 1
    report = _report(model, profile, GOLDEN_PENDING)
    print(format_table(report))
    previous = _keep_previous(report, run.out_dir)
    _write_outputs(report, run.out_dir, previous)
    golden = golden_verdicts(run.model_path, model, outcome.input_values, [profile.outputs])[0]
    _write_outputs(replace(report, golden=golden), run.out_dir, previous, quiet=True)
    print(f"golden: {golden}")
    return status or (0 if golden == "pass" else 1)


def simulate_project(run: SimRun) -> SimOutcome:
    """Build CFU, simulator and firmware (with the model, run ``run.repeats`` times) and simulate it once, showing
    per-layer progress; a run that stops early is explained in one line."""
    from sim.runner import simulate
    from sim.verilated import build_simulator
    from soc.targets.sim import MAIN_RAM_SIZE

    project = run.project
    model, input_values, extra_sources, extra_includes = None, None, [], []
    if run.model_path is not None:
        model = import_model(run.model_path, weights_budget=MAIN_RAM_SIZE - FIRMWARE_RESERVE)
        _check_memory(model, MAIN_RAM_SIZE)
        generated = run.out_dir / "model"
        input_values = fixed_input(model)
        extra_sources = [p for p in write_c(model, generated) if p.suffix == ".c"]
        extra_sources.append(write_input_c(input_values, generated))
        extra_includes = [generated]
        print(f"cfu sim: model {run.model_path.name}: {len(model.layers)} layers, {model.macs:,} MACs, "
              f"weights {model.weights_bytes:,} B, arena {model.arena_bytes:,} B")
    budget = run.max_cycles
    if budget is None:
        budget = default_cycle_budget(model) * run.repeats if model else FIRMWARE_ONLY_BUDGET
        print(f"cfu sim: cycle budget {budget:,} (set another with --max-cycles N, or make ... BUDGET=N; 0: none)")

    # The project's cfu.py runs once, and the SoC is elaborated once: the simulator's build gives the headers.
    cfu = project.make_cfu()
    print("cfu sim: building the simulator (reused when the CFU is unchanged)")
    simulator = build_simulator(project.cfu_verilog(cfu), run.out_dir, trace=run.trace)
    print("cfu sim: building firmware")
    defines = {"FW_HAVE_MODEL": "1", "MODEL_REPEATS": str(run.repeats)} if model else None
    image = build_firmware(project, target="sim", sw_only=run.sw_only, extra_sources=extra_sources,
                           extra_include_dirs=extra_includes, defines=defines,
                           soc_headers=simulator.headers_dir, cfu=cfu)
    result = simulate(simulator, image.bin, max_cycles=budget, cfu_timeout=run.cfu_timeout,
                      trace_file=run.trace_file, out=_ProgressOut(sys.stdout))
    if result.status != 0:
        where = explain_stop(result.exit_code, result.output, image.elf, model)
        print(f"cfu sim: {result.reason} (exit code {result.exit_code})" + (f": {where}" if where else ""))
    return SimOutcome(model, input_values, result.status, result.output)


def _check_memory(model: ImportedModel, main_ram: int) -> None:
    needed = model.weights_bytes + model.arena_bytes + FIRMWARE_RESERVE
    if needed > main_ram:
        raise CfuError(f"model needs {needed:,} bytes of main RAM (weights {model.weights_bytes:,}, arena "
                       f"{model.arena_bytes:,}, firmware {FIRMWARE_RESERVE:,}) but the sim SoC has {main_ram:,}")


def golden_verdicts(model_path: Path, model: ImportedModel, input_values,
                    inferences: list[dict[int, bytes]]) -> list[str]:
    """Each inference's outputs against TFLite Micro's (run once on the same input): "pass", "fail" (the first
    difference is printed) or "error (<why TFLite Micro gave no output>)"."""
    print("cfu sim: golden check: running TFLite Micro on the same input")
    try:
        expected = tflm_outputs(model_path, input_values, len(model.graph.outputs))
    except GoldenError as error:
        return [f"error ({error})"] * len(inferences)
    return [_compare(expected, outputs) for outputs in inferences]


def _compare(expected: dict[int, bytes], outputs: dict[int, bytes]) -> str:
    for index, want in expected.items():
        got = outputs.get(index)
        if got != want:
            first = next((i for i, (a, b) in enumerate(zip(want, got or b"")) if a != b), None)
            print(f"golden: output {index} differs from TFLite Micro"
                  + (f" first at byte {first}: expected {want[first]}, got {got[first]}" if first is not None
                     else f": {len(got or b'')} bytes, expected {len(want)}"))
            return "fail"
    return "pass"


def _report(model: ImportedModel, profile: FirmwareProfile, golden: str) -> ProfileReport:
    rows = []
    for op, cycles in zip(model.graph.operators, profile.layers):
        first_input = next((t for t in op.inputs if t is not None), None)
        rows.append(LayerRow(cycles.index, cycles.op, list(first_input.shape) if first_input else [],
                             list(op.outputs[0].shape), cycles.macs, cycles.cycles))
    return ProfileReport(model.name, SIMULATOR_NAME, profile.total_cycles, golden, rows)


def _keep_previous(report: ProfileReport, out_dir: Path) -> ProfileReport | None:
    """The last run of the same model, to draw behind this one: profile.json becomes profile.previous.json."""
    path = out_dir / "profile.json"
    previous_path = out_dir / "profile.previous.json"

    def same_model(older_path: Path) -> ProfileReport | None:
        older = load_previous_profile(older_path)
        return older if older and older.model == report.model and len(older.layers) == len(report.layers) else None

    previous = same_model(path)
    if previous is not None:
        path.replace(previous_path)
        return previous
    return same_model(previous_path)


def _write_outputs(report: ProfileReport, out_dir: Path, previous: ProfileReport | None, *,
                   quiet: bool = False) -> None:
    """Write profile.json and the chart, each whole."""
    path = out_dir / "profile.json"
    write_profile_json(report, path)
    chart = draw_chart(report, out_dir / "profile.png", previous)
    if not quiet:
        print(f"cfu sim: wrote {path} and {chart}")
