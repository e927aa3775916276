"""The fast simulator against the RTL one: error per model (every layer) and simulation speed.

    .venv/bin/python benchmarks/fast_sim.py error [--only NAME...]   # cfu fast-error on every model
    .venv/bin/python benchmarks/fast_sim.py speed [--rtl-cycles N]   # instructions/s, and the RTL on the same image
    .venv/bin/python benchmarks/fast_sim.py report                   # the error table again from the kept results
    .venv/bin/python benchmarks/fast_sim.py edit-loop                # edit a C kernel, then `cfu fast` on KWS: wall and CPU time
    .venv/bin/python benchmarks/fast_sim.py shift --from OLD.json [--only NAME...]
        # how far a recalibration moves the fast cycles of every model: OLD's parameters against the current ones

Models: the four MLPerf Tiny models and mnv2_first's model (on proj_template's CFU), kws_micro and mnv2_first with
their own CFUs on their own models and on the MLPerf model each accelerates (kws_micro_kws, mnv2_first_vww), and the generated models of benchmarks/fast_models.py, which the calibration never saw. Every run is a real
`cfu fast-error` (both simulators on the same image, both checked against TFLite Micro); each result is kept
as build/fast-bench/error-<model>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from fast_models import write_models  # noqa: E402

from cfu.paths import REPO_ROOT, mlperf_models_dir  # noqa: E402
from cfu.project import Project  # noqa: E402
from sim.bench import children_cpu_seconds  # noqa: E402
from sim.fast.runner import FastResult, csr_map, run_fast  # noqa: E402

SHARED = mlperf_models_dir()
MLPERF_MODELS = ("ad01_int8.tflite", "kws_ref_model.tflite", "vww_96_int8.tflite", "pretrainedResnet_quant.tflite")
KEPT = REPO_ROOT / "build" / "fast-bench"
#: mnv2_first's model, also measured on baseline kernels (proj_template).
MNV2_MODEL = REPO_ROOT / "proj" / "mnv2_first" / "model" / "mnv2_035_160_int8.tflite"


def jobs() -> list[tuple[str, str, Path | None]]:
    """(name, project, model) of every benchmarked model."""
    found = [(name.split(".")[0], "proj_template", SHARED / name) for name in MLPERF_MODELS if (SHARED / name).exists()]
    found += [(path.stem, "proj_template", path) for path in write_models(KEPT / "models")]
    found += [("kws_micro", "kws_micro", None), ("mnv2_first", "mnv2_first", None),
              (MNV2_MODEL.stem, "proj_template", MNV2_MODEL)]
    # The accelerated projects on the MLPerf models they speed up.
    found += [(f"{project}_{model.split('_')[0]}", project, SHARED / model)
              for project, model in (("kws_micro", "kws_ref_model.tflite"), ("mnv2_first", "vww_96_int8.tflite"))
              if (SHARED / model).exists()]
    return found


def run_error(name: str, project: str, model: Path | None) -> dict:
    command = [sys.executable, "-m", "cfu.cli", "fast-error", "--proj", project]
    if model is not None:
        command += ["--model", str(model)]
    start = time.monotonic()
    subprocess.run(command, check=True, cwd=REPO_ROOT)
    build = Project.load(project).build_dir
    result = json.loads((build / "fast" / "error.json").read_text())
    fast = json.loads((build / "fast" / "profile.json").read_text())
    result.update(name=name, project=project, wall_seconds=round(time.monotonic() - start, 1),
                  instructions=fast["instructions"], fast_host_seconds=fast["host_seconds"])
    KEPT.mkdir(parents=True, exist_ok=True)
    (KEPT / f"error-{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    shutil.copy(build / "fast" / "profile.png", KEPT / f"profile-{name}.png")
    return result


def print_errors(results: list[dict]) -> None:
    print("\n| model | project | layers | RTL cycles | fast cycles | total error | worst layer | layers within 3 % |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        worst = max(r["layers"], key=lambda layer: abs(layer["percent"]))
        within = sum(abs(layer["percent"]) <= 3.0 for layer in r["layers"])
        print(f"| {r['name']} | {r['project']} | {len(r['layers'])} | {r['rtl_total']:,} | {r['fast_total']:,} | "
              f"{r['total_percent']:+.2f} % | {worst['percent']:+.2f} % (#{worst['index']} {worst['op']}) | "
              f"{within}/{len(r['layers'])} |")


def speed(rtl_cycles: int, repeat: int) -> None:
    """Fast engine rate on each project's model image; the RTL rate on the same image over ``rtl_cycles``.

    Rates are per second of CPU time of the simulator process (this machine is shared: wall time depends on
    the load); the wall time of the best fast run is shown too. The engine that evaluates every CFU clock cycle
    in full (``build_engine(shortcuts=False)``) runs the same image, and must give the same cycles and output.
    """
    from sim.fast.build import build_engine
    from sim.runner import CYCLE_BUDGET_EXCEEDED, run
    from sim.verilated import build_simulator

    baseline = _mnv2_baseline_image()
    print("| image | instructions | CFU instructions | cycles | fast: CPU s (wall s) | fast: M instructions/s | "
          "fast: M cycles/s | every CFU cycle evaluated: CPU s | RTL: M cycles/s | speed-up |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for project_name in ("kws_micro", "mnv2_first", "proj_template"):
        project = Project.load(project_name)
        image = baseline if project_name == "proj_template" else project.build_dir / "firmware" / "sim" / "firmware.bin"
        if not image.is_file():
            print(f"| {project_name} | (no image: run `cfu fast --proj {project_name}` first) |")
            continue
        best = _best_fast_run(build_engine(project.cfu_verilog(), project.build_dir / "fast"), image, repeat)
        every_cycle = _best_fast_run(
            build_engine(project.cfu_verilog(), project.build_dir / "fast-every-cycle", shortcuts=False), image, repeat)
        if (every_cycle.sim.output, every_cycle.cycles) != (best.sim.output, best.cycles):
            raise SystemExit(f"{project_name}: the engine without shortcuts gives other cycles or output")
        simulator = build_simulator(project.cfu_verilog(), project.build_dir / "sim")
        before = children_cpu_seconds()
        result = run(simulator, image, max_cycles=rtl_cycles, out=io.StringIO())
        rtl_cpu = children_cpu_seconds() - before
        simulated = rtl_cycles if result.exit_code == CYCLE_BUDGET_EXCEEDED else best.cycles
        rtl_rate = simulated / rtl_cpu
        fast_rate = best.cycles / best.cpu_seconds
        print(f"| {project_name} | {best.instructions:,} | {best.cfu_instructions:,} | {best.cycles:,} | {best.cpu_seconds:.3f} "
              f"({best.host_seconds:.2f}) | {best.instructions / best.cpu_seconds / 1e6:.0f} | {fast_rate / 1e6:.0f} | "
              f"{every_cycle.cpu_seconds:.3f} | {rtl_rate / 1e6:.2f} | {fast_rate / rtl_rate:.0f}x |")


def _best_fast_run(exe: Path, image: Path, repeat: int) -> FastResult:
    """The run of ``image`` on ``exe`` with the least CPU time of ``repeat``."""
    from sim.fast.timing import current_calibration

    registers = csr_map(image.parent / "soc" / "generated" / "csr.h")
    runs = [run_fast(exe, image, params=current_calibration().params, registers=registers, out=io.StringIO())
            for _ in range(repeat)]
    return min(runs, key=lambda r: r.cpu_seconds)


def _mnv2_baseline_image() -> Path:
    """The MobileNetV2 model of mnv2_first on proj_template's CFU (baseline kernels): built by `cfu fast`."""
    subprocess.run([sys.executable, "-m", "cfu.cli", "fast", "--proj", "proj_template", "--model", str(MNV2_MODEL)],
                   check=True, cwd=REPO_ROOT, capture_output=True)
    return Project.load("proj_template").build_dir / "firmware" / "sim" / "firmware.bin"


def edit_loop() -> None:
    """The optimize loop on the fast simulator: a copy of kws_micro, one warm-up run, then a C kernel edit
    (an override of CONV_2D with one more statement) and `cfu fast` again, timed on the wall clock."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "kws_edit"
        shutil.copytree(REPO_ROOT / "proj" / "kws_micro", project, ignore=shutil.ignore_patterns("build"))
        command = [sys.executable, "-m", "cfu.cli", "fast", "--proj", str(project)]
        subprocess.run(command, check=True, cwd=REPO_ROOT, capture_output=True)
        kernel = (REPO_ROOT / "firmware" / "kernels" / "conv_2d.c").read_text()
        (project / "src" / "kernels").mkdir(parents=True, exist_ok=True)
        (project / "src" / "kernels" / "conv_2d.c").write_text(kernel + "\nint conv_2d_edit_marker = 1;\n")
        start, cpu_start = time.monotonic(), children_cpu_seconds()
        run_ = subprocess.run(command, check=True, cwd=REPO_ROOT, capture_output=True, text=True)
        seconds, cpu_seconds = time.monotonic() - start, children_cpu_seconds() - cpu_start
        print(run_.stdout.strip().splitlines()[-1])
        print(f"edit a C kernel -> new per-layer cycles of KWS on the fast simulator: {seconds:.1f} s wall, "
              f"{cpu_seconds:.1f} s of CPU (all processes)")


def recalibration_shift(old: Path, only: list[str] | None) -> None:
    """The fast simulator's cycles on each model's image (built by `cfu fast` in a copy of its project) with the
    parameters of the calibration ``old`` and with the current calibration's: total and the most-moved layer."""
    from cfu.profile.parse import parse_profile
    from sim.fast.build import build_engine
    from sim.fast.runner import csr_map, run_fast
    from sim.fast.timing import current_calibration, load_calibration

    parameters = {"old": load_calibration(old).params, "new": current_calibration().params}
    print("| model | old params: fast cycles | new params: fast cycles | total shift | most-moved layer |")
    print("|---|---|---|---|---|")
    for name, project_name, model in jobs():
        if only and name not in only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / name
            shutil.copytree(Project.load(project_name).root, copy, ignore=shutil.ignore_patterns("build"))
            command = [sys.executable, "-m", "cfu.cli", "fast", "--proj", str(copy)]
            subprocess.run(command + (["--model", str(model)] if model else []), check=True, cwd=REPO_ROOT,
                           capture_output=True)
            project = Project.load(copy)
            image = project.build_dir / "firmware" / "sim" / "firmware.bin"
            exe = build_engine(project.cfu_verilog(), project.build_dir / "fast")
            registers = csr_map(image.parent / "soc" / "generated" / "csr.h")
            layers = {label: [layer.cycles for layer in parse_profile(
                          run_fast(exe, image, params=params, registers=registers, out=io.StringIO()).sim.output).layers]
                      for label, params in parameters.items()}
        before, after = layers["old"], layers["new"]
        moved = max(range(len(before)), key=lambda i: abs(after[i] - before[i]) / before[i])
        print(f"| {name} | {sum(before):,} | {sum(after):,} | {100 * (sum(after) - sum(before)) / sum(before):+.3f} % | "
              f"{100 * (after[moved] - before[moved]) / before[moved]:+.3f} % (#{moved}) |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("error", "speed", "report", "edit-loop", "shift"))
    parser.add_argument("--from", dest="old", type=Path, help="shift: the calibration file to compare with")
    parser.add_argument("--only", nargs="*", help="benchmark only these models (names as in the table)")
    parser.add_argument("--rtl-cycles", type=int, default=30_000_000, help="cycles of the RTL speed measurement")
    parser.add_argument("--repeat", type=int, default=5, help="fast runs per image (the best is kept)")
    args = parser.parse_args()
    if args.what == "speed":
        speed(args.rtl_cycles, args.repeat)
        return 0
    if args.what == "edit-loop":
        edit_loop()
        return 0
    if args.what == "shift":
        if args.old is None:
            parser.error("shift needs --from OLD.json")
        recalibration_shift(args.old, args.only)
        return 0
    if args.what == "report":
        results = [json.loads(path.read_text()) for path in sorted(KEPT.glob("error-*.json"))]
    else:
        results = [run_error(*job) for job in jobs() if not args.only or job[0] in args.only]
    print_errors(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
