"""``make PROJ=p sim``: build CFU, SoC and firmware (with the project's model), run it in the RTL simulator,
print the per-layer profile, write profile.json and a chart, then check the output against TFLite Micro.

Everything the simulation measured is written before the golden check runs, and the check runs in a process of
its own: a model TFLite Micro rejects, or one that crashes it, ends in ``golden: error (<reason>)``, not in a lost
run. Runs are bounded: without ``--max-cycles`` the budget comes from the model's work (:mod:`.budget`).
The same flow runs on the fast simulator (``make PROJ=p fast``): :func:`run_profile` takes the
:class:`ProfileTarget` to run the image on.
"""

import sys
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from soc.board import CODE
from soc.targets import SIM, target_cpu

from ..freshness import CFU_KEY, cfu_sha256
from ..fwbuild import FirmwareImage, build_firmware
from ..fwbuild.build import MODEL_MENU_SCRIPT, SIM_MENU_SCRIPT, SLOW_CPUS
from ..fwbuild.fit import model_fit_error
from ..fwbuild.layout import firmware_reserve, target_memory
from ..fwbuild.size import firmware_size
from ..model.emit import write_c
from ..model.importer import ImportedModel, import_model
from ..project import Project
from .budget import default_cycle_budget
from .chart import draw_chart
from .golden import GoldenError, GoldenRun
from .model_input import INPUT_SEED, fixed_input, write_input_c
from .parse import FirmwareProfile, parse_profile, progress_line
from .report import LayerRow, ProfileReport, format_table, load_previous_profile, write_profile_json
from .stop import explain_stop

__all__ = ["SimRun", "ProfileTarget", "Simulated", "RtlTarget", "SimOutcome", "run_in_rtl_sim", "run_profile",
           "simulate_project", "import_fitting_model", "golden_verdicts", "FIRMWARE_ONLY_BUDGET"]

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
    input_seed: int = INPUT_SEED
    #: The folder of ``build/`` that holds this simulator's results (default: the SoC's name).
    out_name: str | None = None
    #: Inferences in one run (the firmware's MODEL_REPEATS).
    repeats: int = 1
    #: The SoC: ``sim`` (the default, idealised) or a board, simulated with its memory system.
    soc: str = SIM

    @property
    def out_dir(self) -> Path:
        return self.project.build_dir / (self.out_name or self.soc)


@dataclass(frozen=True)
class Simulated:
    """A simulator's answer: the run (a :class:`sim.runner.SimResult`) and more keys for profile.json."""

    result: object
    extra: dict = field(default_factory=dict)


class ProfileTarget:
    """Where :func:`run_profile` runs the image: the RTL simulator (:class:`RtlTarget`) or the fast one.

    ``name`` goes into profile.json, ``command`` prefixes messages, ``note`` is printed under the table.
    The firmware's menu presses the keys ``menu_script`` by itself (None: it reads them from the UART).
    """

    name = ""
    command = ""
    note = ""
    #: False for a target that does not simulate the CFU's gateware: ``prepare`` then gets no Verilog.
    needs_cfu_verilog = True
    menu_script: str | None = SIM_MENU_SCRIPT

    def soc_variant(self, run: "SimRun") -> str:
        """Which SoC of ``run.soc`` the firmware is built for: "" the SoC itself, "sim" a board's simulation SoC."""
        return "" if run.soc == SIM else "sim"

    def prepare(self, run: "SimRun", cfu_verilog: Path | None) -> Path | None:
        """Build the simulator; return the SoC headers the firmware must be built against (None: the target's)."""
        raise NotImplementedError

    def run(self, run: "SimRun", image: FirmwareImage, budget: int, out: TextIO) -> Simulated:
        raise NotImplementedError

    def overlay(self, run: "SimRun") -> Path | None:
        """Another simulator's profile.json to draw behind this run (None: this simulator's previous run)."""
        return None


class RtlTarget(ProfileTarget):
    """The Verilator SoC: the truth. ``soc`` is the default simulated SoC or a board's (``Board.make_sim_soc``)."""

    command = "cfu sim"

    def __init__(self, soc: str = SIM) -> None:
        self.soc = soc
        self.name = SIMULATOR_NAME if soc == SIM else board_simulator_name(soc)
        if target_cpu(soc) in SLOW_CPUS:
            self.menu_script = MODEL_MENU_SCRIPT

    def prepare(self, run: "SimRun", cfu_verilog: Path) -> Path:
        from sim.verilated import build_simulator

        print(f"cfu sim: building the simulator of {self.name} (reused when the CFU is unchanged)")
        self._simulator = build_simulator(cfu_verilog, run.out_dir, trace=run.trace, target=self.soc)
        return self._simulator.headers_dir

    def run(self, run: "SimRun", image: FirmwareImage, budget: int, out: TextIO) -> Simulated:
        from sim.runner import simulate

        return Simulated(simulate(self._simulator, image.bin, max_cycles=budget, cfu_timeout=run.cfu_timeout,
                                  trace_file=run.trace_file, out=out), {"soc": self.soc})


def board_simulator_name(board_name: str) -> str:
    """The simulator's name in profile.json for a board's simulation SoC: the board and its main memory."""
    from soc.boards import get_board

    board = get_board(board_name)
    board.require_sim_soc()
    cpu = {"picorv32": "PicoRV32 + PCPI bridge"}.get(board.cpus[0], "VexRiscv full+cfu")
    return f"verilator ({board.title} SoC: {cpu}, main memory {board.region_for(CODE).kind})"


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


def run_in_rtl_sim(run: SimRun) -> int:
    """Do the whole job; return the exit status (0 only when the firmware passed and the golden check too)."""
    return run_profile(run, RtlTarget(run.soc))


@dataclass(frozen=True)
class SimOutcome:
    """What one simulation of a project's firmware gave: its model (None without one), the input it ran on, the
    exit status, the UART output and the simulator's extra keys for profile.json."""

    model: ImportedModel | None
    input_values: list | None
    status: int
    output: str
    extra: dict
    #: TFLite Micro on the same input, running (``simulate_project(..., start_golden=True)``), else None.
    golden: GoldenRun | None = None


def run_profile(run: SimRun, target: ProfileTarget) -> int:
    """Build the firmware with the model, run it on ``target``, print and write the profile; return the status.

    TFLite Micro's golden run starts with the build and runs beside it; its verdict is taken after the profile is
    written."""
    outcome = simulate_project(run, target, start_golden=True)
    with outcome.golden or nullcontext():
        return _report_run(run, target, outcome)


def _report_run(run: SimRun, target: ProfileTarget, outcome: "SimOutcome") -> int:
    model, input_values, status = outcome.model, outcome.input_values, outcome.status
    if model is None:
        return status
    profile = parse_profile(outcome.output)
    if profile is None or not profile.complete:
        print(f"{target.command}: the model did not run to the end: no profile")
        return status or 1
    report = _report(model, profile, GOLDEN_PENDING, target.name)
    print(format_table(report))
    if target.note:
        print(target.note)
    previous = _keep_previous(report, run.out_dir, target.command)
    overlay = target.overlay(run)
    behind, label = previous, "previous"
    if overlay is not None:
        other = load_previous_profile(overlay, target.command) if overlay.is_file() else None
        if other is not None and other.model == report.model and len(other.layers) == len(report.layers):
            behind, label = other, other.simulator.split(" ")[0]
    outputs = _Outputs(run.out_dir, target.command, outcome.extra, behind, label)
    outputs.write_profile(report)
    golden = golden_verdicts(run.model_path, model, input_values, [profile.outputs], target.command,
                             outcome.golden)[0]
    outputs.write_profile(replace(report, golden=golden))
    outputs.write_chart(replace(report, golden=golden))
    print(f"golden: {golden}")
    return status or (0 if golden == "pass" else 1)


def simulate_project(run: SimRun, target: ProfileTarget, *, start_golden: bool = False) -> SimOutcome:
    """Build CFU, simulator and firmware (with the model, run ``run.repeats`` times), run it once on ``target``
    showing per-layer progress; a run that stops early is explained in one line. With ``start_golden``, TFLite
    Micro starts on the same input first (the outcome's ``golden``: the caller closes it)."""
    model, input_values, golden = None, None, None
    if run.model_path is not None:
        model = import_fitting_model(run.model_path, run.soc)
        input_values = fixed_input(model, run.input_seed)
        if start_golden:
            golden = GoldenRun(run.model_path, input_values, len(model.graph.outputs))
    try:
        return replace(_simulate(run, target, model, input_values), golden=golden)
    except BaseException:
        if golden is not None:
            golden.close()
        raise


def import_fitting_model(model_path: Path, soc: str) -> ImportedModel:
    """Import the model; :class:`CfuError` (naming the memory region and the bytes missing) when its weights and
    arena, with the firmware's reserve, do not fit the memory of ``soc`` (``sim`` or a board)."""
    model = import_model(model_path)
    too_big = model_fit_error(model.weights_bytes, model.arena_bytes, target_memory(soc), soc, firmware_reserve(soc))
    if too_big is not None:
        raise too_big
    return model


def _simulate(run: SimRun, target: ProfileTarget, model: ImportedModel | None, input_values) -> SimOutcome:
    project = run.project
    extra_sources, extra_includes = [], []
    if model is not None:
        generated = run.out_dir / "model"
        extra_sources = [p for p in write_c(model, generated) if p.suffix == ".c"]
        extra_sources.append(write_input_c(input_values, generated))
        extra_includes = [generated]
        print(f"{target.command}: model {run.model_path.name}: {len(model.layers)} layers, {model.macs:,} MACs, "
              f"weights {model.weights_bytes:,} B, arena {model.arena_bytes:,} B")
    budget = run.max_cycles
    if budget is None:
        budget = default_cycle_budget(model) * run.repeats if model else FIRMWARE_ONLY_BUDGET
        print(f"{target.command}: cycle budget {budget:,} (set another with --max-cycles N, or make ... BUDGET=N; 0: none)")

    # The project's cfu.py runs once, and the SoC is elaborated once: the simulator's build gives the headers.
    cpu = target_cpu(run.soc)
    cfu = project.make_cfu(cpu)
    # A run on the Python reference models (fast simulator) has no CFU Verilog, so it records no CFU hash.
    cfu_verilog = project.cfu_verilog(cfu, cpu=cpu) if target.needs_cfu_verilog else None
    headers = target.prepare(run, cfu_verilog)
    print(f"{target.command}: building firmware")
    image = build_firmware(project, target=run.soc, sw_only=run.sw_only, menu_script=target.menu_script,
                           extra_sources=extra_sources, extra_include_dirs=extra_includes,
                           defines={"FW_HAVE_MODEL": "1", "MODEL_REPEATS": str(run.repeats)} if model else None,
                           soc_headers=headers, cfu=cfu, soc_variant=target.soc_variant(run))
    size = firmware_size(image.map)
    print(f"{target.command}: {size.summary()}")
    simulated = target.run(run, image, budget, _ProgressOut(sys.stdout))
    result = simulated.result
    status = result.status
    if status != 0:
        where = explain_stop(result.exit_code, result.output, image.elf, model)
        print(f"{target.command}: {result.reason} (exit code {result.exit_code})" + (f": {where}" if where else ""))
    extra = {**({CFU_KEY: cfu_sha256(cfu_verilog)} if cfu_verilog else {}), **simulated.extra,
             "firmware": size.as_dict()}
    return SimOutcome(model, input_values, status, result.output, extra)


def golden_verdicts(model_path: Path, model: ImportedModel, input_values, inferences: list[dict[int, bytes]],
                    command: str, started: GoldenRun | None = None) -> list[str]:
    """Each inference's outputs against TFLite Micro's (run once on the same input; ``started``: that run, already
    started): "pass", "fail" (the first difference is printed) or "error (<why TFLite Micro gave no output>)"."""
    print(f"{command}: golden check: running TFLite Micro on the same input")
    try:
        golden = started or GoldenRun(model_path, input_values, len(model.graph.outputs))
        expected = golden.outputs()
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


def _report(model: ImportedModel, profile: FirmwareProfile, golden: str, simulator: str) -> ProfileReport:
    rows = []
    for op, cycles in zip(model.graph.operators, profile.layers):
        first_input = next((t for t in op.inputs if t is not None), None)
        rows.append(LayerRow(cycles.index, cycles.op, list(first_input.shape) if first_input else [],
                             list(op.outputs[0].shape), cycles.macs, cycles.cycles))
    return ProfileReport(model.name, simulator, profile.total_cycles, golden, rows)


def _keep_previous(report: ProfileReport, out_dir: Path, command: str) -> ProfileReport | None:
    """The last run of the same model, to draw behind this one: profile.json becomes profile.previous.json."""
    path = out_dir / "profile.json"
    previous_path = out_dir / "profile.previous.json"

    def same_model(older_path: Path) -> ProfileReport | None:
        older = load_previous_profile(older_path, command)
        return older if older and older.model == report.model and len(older.layers) == len(report.layers) else None

    previous = same_model(path)
    if previous is not None:
        path.replace(previous_path)
        return previous
    return same_model(previous_path)


@dataclass(frozen=True)
class _Outputs:
    """profile.json (with the simulator's ``extra`` keys) and the chart, with ``behind`` drawn behind it."""

    out_dir: Path
    command: str
    extra: dict
    behind: ProfileReport | None
    behind_label: str

    def write_profile(self, report: ProfileReport) -> None:
        """Write profile.json, whole."""
        write_profile_json(report, self.out_dir / "profile.json", self.extra)

    def write_chart(self, report: ProfileReport) -> None:
        """Draw the chart, whole."""
        chart = draw_chart(report, self.out_dir / "profile.png", self.behind, behind_label=self.behind_label)
        print(f"{self.command}: wrote {self.out_dir / 'profile.json'} and {chart}")
