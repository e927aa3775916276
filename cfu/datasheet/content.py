"""What the datasheet says, taken only from the files the other commands wrote (and the project's CFU).

A missing input becomes "not measured yet" with the command that measures it: no figure here is made up.
"""

from __future__ import annotations

import inspect
import json
from collections import Counter
from pathlib import Path

from soc.targets import SIM, target_cpu

from ..energy.estimate import EnergyEstimate, load_energy_json
from ..fpga.socgen import CPU_LABELS
from ..freshness import cfu_sha256, stale_reason
from ..mlperf.bench import MlperfReport, load_mlperf_json, target_clock_hz
from ..profile.report import ProfileReport, load_profile_json, shape_text
from ..project import Project
from .document import Document, Image, Section, Table

__all__ = ["NOT_MEASURED", "build_datasheet"]

NOT_MEASURED = "not measured yet"


def build_datasheet(project: Project, target: str) -> Document:
    """The datasheet of ``project`` on ``target`` (profile from the simulator, MLPerf and resources from
    ``build/<target>``)."""
    make = f"make PROJ={project.argument}"
    cpu = target_cpu(target)
    cfu = project.make_cfu(cpu)
    design = cfu_sha256(project.cfu_verilog(cfu, cpu=cpu))  # every input was measured with the target CPU's CFU
    board = target if target != SIM else "<board>"  # the simulator has no bitstream
    simulate = f"{make} sim" if target == SIM else f"{make} TARGET={target} sim"
    inputs = [(project.build_dir / target / "profile.json", simulate),
              (project.build_dir / target / "mlperf.json", f"{make} TARGET={target} mlperf"),
              (project.build_dir / target / "resources.json", f"{make} TARGET={board} bitstream"),
              (project.build_dir / target / "energy.json", f"{make} TARGET={board} energy")]
    loaders = [load_profile_json, load_mlperf_json, lambda path: json.loads(path.read_text()), load_energy_json]
    (profile, profile_note), (mlperf, mlperf_note), (resources, resources_note), (energy, energy_note) = [
        _load(path, loader, command, design) for (path, command), loader in zip(inputs, loaders)]
    chart = project.build_dir / target / "profile.png"
    sections = [
        _model(profile, profile_note),
        _hardware(cfu, target, cpu, resources, resources_note),
        _performance(profile, profile_note, chart, mlperf, mlperf_note),
        _energy(energy, energy_note),
        _correctness(profile, profile_note, mlperf, mlperf_note),
        _privacy(profile, profile_note),
        _operating_conditions(target),
        _known_limits(),
        _sources(project, inputs, design),
    ]
    return Document(f"Datasheet: {project.name} on {target}", sections)


def _load(path: Path, loader, command: str, design: str):
    """(the file's content, None) or (None, the line saying it is missing, unreadable or measured with another CFU,
    and how to make it)."""
    if not path.is_file():
        return None, f"{NOT_MEASURED} ({path.name} not found: run `{command}`)"
    try:
        content = loader(path)
        stale = stale_reason(json.loads(path.read_text()), design, command)
    except ValueError as error:
        return None, f"{NOT_MEASURED} ({path} is unreadable: {error}; run `{command}` again)"
    return (None, f"{NOT_MEASURED} ({path.name} is {stale})") if stale else (content, None)


def _model(profile: ProfileReport | None, note: str | None) -> Section:
    section = Section("Model")
    if profile is None:
        section.blocks.append(f"Model: {note}.")
        return section
    ops = Counter(layer.op for layer in profile.layers)
    section.blocks.append(Table(["property", "value"], [
        ["model", profile.model],
        ["layers", str(len(profile.layers))],
        ["operators", ", ".join(f"{op} x{count}" for op, count in sorted(ops.items()))],
        ["MACs per inference", f"{sum(layer.macs for layer in profile.layers):,}"],
        ["input shape", shape_text(profile.layers[0].input_shape)],
        ["output shape", shape_text(profile.layers[-1].output_shape)],
    ]))
    return section


def _hardware(cfu, target: str, cpu: str, resources: dict | None, note: str | None) -> Section:
    section = Section("Hardware")
    section.blocks.append(Table(["property", "value"], [
        ["target", target],
        ["CPU", f"{CPU_LABELS[cpu]} (LiteX SoC)"],
        ["sys clock", f"{target_clock_hz(target) / 1e6:g} MHz"],
    ]))
    instructions = cfu.instructions
    if instructions:
        section.blocks.append(Table(["funct3", "instruction", "description"], [
            [str(slot), type(instruction).__name__, _first_line(type(instruction))]
            for slot, instruction in instructions.items()]))
    else:
        section.blocks.append("CFU instructions: none (every slot answers 0).")
    if resources is None:
        section.blocks.append(f"Resources and Fmax: {note}.")
    else:
        timing = resources.get("timing", {})
        rows = [[kind, f"{usage['used']} / {usage['available']} ({usage['percent']} %)",
                 str(resources["cfu"].get(kind, {}).get("used", "-"))]
                for kind, usage in resources["soc"].items() if isinstance(usage, dict)]
        section.blocks.append(Table(["resource", f"SoC ({resources['device']})", "CFU alone"], rows))
        fmax = timing.get("fmax_mhz")
        section.blocks.append(f"Fmax: {fmax} MHz against {timing.get('target_mhz')} MHz." if fmax is not None
                              else "Fmax: not analysed (synthesis-only estimate).")
    return section


def _performance(profile: ProfileReport | None, profile_note: str | None, chart: Path, mlperf: MlperfReport | None,
                 mlperf_note: str | None) -> Section:
    section = Section("Performance")
    if profile is None:
        section.blocks.append(f"Per-layer profile: {profile_note}.")
    else:
        section.blocks.append(f"Per-layer cycles of {profile.model} ({profile.simulator}, simulated): "
                              f"{profile.total_cycles:,} cycles in all.")
        if chart.is_file():
            section.blocks.append(Image(f"cycles per layer of {profile.model}", chart.read_bytes(), chart.name))
    if mlperf is None:
        section.blocks.append(f"MLPerf Tiny latency: {mlperf_note}.")
        return section
    section.blocks.append(f"MLPerf Tiny latency (simulated; {mlperf.inferences} inferences per model, the first "
                          f"with cold caches apart, median of the others; ms at {mlperf.clock_hz / 1e6:g} MHz):")
    at_fmax = [f"median ms at Fmax {mlperf.fmax_mhz:g} MHz"] if mlperf.fmax_mhz else []
    section.blocks.append(Table(["model", "task", "MACs", "cold cycles", "median cycles", "median ms", *at_fmax], [
        [row.name, row.task, f"{row.macs:,}", _number(row.cold_cycles), _number(row.median_cycles),
         f"{row.median_ms:.3f}" if row.median_ms is not None else row.status,
         *([_number(row.median_ms_at_fmax, ".3f")] if at_fmax else [])] for row in mlperf.models]))
    return section


def _correctness(profile: ProfileReport | None, profile_note: str | None, mlperf: MlperfReport | None,
                 mlperf_note: str | None) -> Section:
    rows = [["profiled model", profile.golden if profile else profile_note]]
    for row in mlperf.models if mlperf else []:
        rows.append([f"MLPerf {row.name}", ", ".join(row.golden) or row.status])
    if mlperf is None:
        rows.append(["MLPerf Tiny models", mlperf_note])
    return Section("Correctness", ["Every output is compared byte for byte with TensorFlow Lite Micro's on the "
                                   "same input.", Table(["run", "golden check"], rows)])


def _privacy(profile: ProfileReport | None, note: str | None) -> Section:
    shape = f"{shape_text(profile.layers[-1].output_shape)}, " if profile else ""
    return Section("Data leaving the device", [
        f"Only the model's output tensor ({shape}int8) leaves the device, over the UART; the input (sensor data) "
        "and the intermediate activations stay in the SoC's memory."])


def _operating_conditions(target: str) -> Section:
    return Section("Operating conditions", [
        f"Sys clock {target_clock_hz(target) / 1e6:g} MHz on {target}. Figures come from the cycle-accurate RTL "
        "simulation of the SoC (Verilator), not from a board: latency at this clock assumes the bitstream meets "
        "timing there. Temperature and supply ranges are those of the FPGA board (not characterised here)."])


def _energy(energy: EnergyEstimate | None, note: str | None) -> Section:
    section = Section("Energy")
    if energy is None:
        section.blocks.append(f"Energy per inference: {note}.")
        return section
    act = energy.activity
    static = ("not included (no published figure)" if energy.power_w["static"] is None
              else f"{1e3 * energy.power_w['static']:.3f} mW")
    section.blocks.append(
        f"Estimated, not measured: power x latency on the {energy.device} at {energy.clock_hz / 1e6:g} MHz, from "
        f"published power figures, the bitstream's resources and the toggle rates simulated over one inference of "
        f"{act['model']} (SoC {100 * act['soc_toggle_rate']:.2f} %, CFU {100 * act['cfu_toggle_rate']:.2f} %). "
        f"Static power {static}, dynamic {1e3 * energy.power_w['dynamic']:.3f} mW; the dynamic part may be off by "
        f"a factor of {energy.uncertainty:g} either way (docs/energy.md).")
    rows = [energy.measured, *energy.mlperf]
    section.blocks.append(Table(["model", "activity of", "latency ms", "energy µJ", "range µJ"], [
        [row.model, act["model"], f"{row.latency_ms:.3f}", f"{row.energy_uj:.3f}",
         f"{row.low_uj:.3f} - {row.high_uj:.3f}"] for row in rows]))
    section.blocks.append(f"Source: {energy.source}." + (f" Not included: {energy.note}." if energy.note else ""))
    return section


def _known_limits() -> Section:
    return Section("Known limits", [
        "Latency is simulated, not measured on hardware; main memory is block RAM in the simulation and on boards.",
        "Accuracy on the benchmark's data sets is not measured: correctness here means bit-exact with TensorFlow "
        "Lite Micro on a fixed input.",
        "Energy is an estimate from published power figures and simulated activity, not a measurement."])


def _sources(project: Project, inputs: list[tuple[Path, str]], design: str) -> Section:
    """Each input file with the command that writes it; one older than the project's design, or measured with
    another CFU, is marked stale."""
    sources = [project.root / "cfu.py", *(path for path in (project.root / "src").rglob("*") if path.is_file())]
    changed = max(path.stat().st_mtime for path in sources)
    rows = []
    for path, command in inputs:
        if not path.is_file():
            state = NOT_MEASURED
        elif path.stat().st_mtime < changed:
            state = f"stale: older than the project's cfu.py or src/ (run `{command}` again)"
        else:
            state = _recorded_design_state(path, design, command)
        rows.append([str(path.relative_to(project.root)), f"`{command}`", state])
    return Section("Sources", ["Every figure above comes from one of these files; none is typed in by hand.",
                               Table(["file", "written by", "state"], rows)])


def _recorded_design_state(path: Path, design: str, command: str) -> str:
    try:
        return stale_reason(json.loads(path.read_text()), design, command) or "current"
    except ValueError:
        return f"unreadable (run `{command}` again)"


def _first_line(cls) -> str:
    doc = cls.__dict__.get("__doc__")  # its own docstring, not one inherited from Instruction
    return inspect.cleandoc(doc).splitlines()[0] if doc and doc.strip() else "(no description)"


def _number(value, spec: str = ",.0f") -> str:
    return "-" if value is None else format(value, spec)
