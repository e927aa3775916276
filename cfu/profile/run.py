"""``make PROJ=p sim``: build CFU, SoC and firmware (with the project's model), run it in the RTL simulator,
print the per-layer profile, check the output against TFLite Micro, write profile.json and a chart."""

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..errors import CfuError
from ..fwbuild import FirmwareImage, build_firmware, describe_trap
from ..model.emit import write_c
from ..model.importer import ImportedModel, import_model
from ..project import Project
from .chart import draw_chart
from .golden import tflm_outputs
from .model_input import fixed_input, write_input_c
from .parse import FirmwareProfile, parse_profile, progress_line
from .report import LayerRow, ProfileReport, format_table, load_profile_json, write_profile_json

__all__ = ["SimRun", "Simulator", "Simulated", "run_in_rtl_sim", "run_profile", "FIRMWARE_RESERVE"]

#: Main RAM kept for code, stack and heap besides the model's weights and arena.
FIRMWARE_RESERVE = 256 * 1024
SIMULATOR_NAME = "verilator (LiteX SoC, VexRiscv full+cfu)"


@dataclass(frozen=True)
class SimRun:
    project: Project
    model_path: Path | None
    sw_only: bool = False
    max_cycles: int = 0
    cfu_timeout: int | None = None
    trace: str | None = None

    #: The folder of ``build/`` that holds this simulator's results.
    out_name: str = "sim"

    @property
    def out_dir(self) -> Path:
        return self.project.build_dir / self.out_name


@dataclass(frozen=True)
class Simulated:
    """A simulator's answer: the run (a :class:`sim.runner.SimResult`) and more keys for profile.json."""

    result: object
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Simulator:
    """Where :func:`run_profile` runs the image.

    ``run(sim_run, image, out)`` returns a :class:`Simulated`; ``note`` is printed under the table;
    ``overlay(sim_run)`` names a profile.json drawn behind the chart (default: this simulator's previous run).
    """

    name: str
    command: str
    run: Callable[["SimRun", FirmwareImage, TextIO], Simulated]
    note: str = ""
    overlay: Callable[["SimRun"], Path] | None = None


def _run_rtl(run: SimRun, image: FirmwareImage, out: TextIO) -> Simulated:
    from sim.runner import simulate

    print("cfu sim: building the simulator (reused when the CFU is unchanged)")
    return Simulated(simulate(run.project.cfu_verilog(), run.out_dir, image.bin, max_cycles=run.max_cycles,
                              cfu_timeout=run.cfu_timeout, trace=run.trace, out=out))


RTL_SIMULATOR = Simulator(SIMULATOR_NAME, "cfu sim", _run_rtl)


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
    return run_profile(run, RTL_SIMULATOR)


def run_profile(run: SimRun, simulator: Simulator) -> int:
    """Build the firmware with the model, run it on ``simulator``, print and write the profile; return the status."""
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
        print(f"{simulator.command}: model {run.model_path.name}: {len(model.layers)} layers, {model.macs:,} MACs, "
              f"weights {model.weights_bytes:,} B, arena {model.arena_bytes:,} B")

    print(f"{simulator.command}: building firmware")
    image = build_firmware(project, target="sim", sw_only=run.sw_only, extra_sources=extra_sources,
                           extra_include_dirs=extra_includes,
                           defines={"FW_HAVE_MODEL": "1"} if model else None)
    simulated = simulator.run(run, image, _ProgressOut(sys.stdout))
    result = simulated.result
    status = result.status
    if status != 0:
        trap = describe_trap(image.elf, result.output)
        print(f"{simulator.command}: {result.reason} (exit code {result.exit_code})" + (f": {trap}" if trap else ""))
    if model is None:
        return status
    profile = parse_profile(result.output)
    if profile is None or not profile.complete:
        print(f"{simulator.command}: the model did not run to the end: no profile")
        return status or 1
    golden = _golden(run.model_path, model, input_values, profile)
    report = _report(model, profile, golden, simulator.name)
    print(format_table(report))
    if simulator.note:
        print(simulator.note)
    _write_outputs(report, run.out_dir, simulator, simulated.extra,
                   simulator.overlay(run) if simulator.overlay else None)
    print(f"golden: {golden}")
    return status or (0 if golden == "pass" else 1)


def _check_memory(model: ImportedModel, main_ram: int) -> None:
    needed = model.weights_bytes + model.arena_bytes + FIRMWARE_RESERVE
    if needed > main_ram:
        raise CfuError(f"model needs {needed:,} bytes of main RAM (weights {model.weights_bytes:,}, arena "
                       f"{model.arena_bytes:,}, firmware {FIRMWARE_RESERVE:,}) but the sim SoC has {main_ram:,}")


def _golden(model_path: Path, model: ImportedModel, input_values, profile: FirmwareProfile) -> str:
    expected = tflm_outputs(model_path, input_values, len(model.graph.outputs))
    for index, want in expected.items():
        got = profile.outputs.get(index)
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


def _write_outputs(report: ProfileReport, out_dir: Path, simulator: Simulator, extra: dict,
                   overlay: Path | None) -> None:
    """Write profile.json (with ``extra`` keys) and the chart; the last run of the same model becomes
    profile.previous.json. The chart draws ``overlay`` (another simulator's profile) behind when given."""
    path = out_dir / "profile.json"
    previous_path = out_dir / "profile.previous.json"

    def same_model(older_path: Path) -> ProfileReport | None:
        older = load_profile_json(older_path) if older_path.exists() else None
        return older if older and older.model == report.model and len(older.layers) == len(report.layers) else None

    previous = same_model(path)
    if previous is not None:
        path.replace(previous_path)
    else:
        previous = same_model(previous_path)
    write_profile_json(report, path, extra)
    behind = same_model(overlay) if overlay is not None else previous
    chart = draw_chart(report, out_dir / "profile.png", behind,
                       behind_label=behind.simulator.split(" ")[0] if overlay is not None and behind else "previous")
    print(f"{simulator.command}: wrote {path} and {chart}")
