"""Firmware size per model: the sim image of proj_template (reference kernels) built with each model, no simulation.

Usage: .venv/bin/python benchmarks/firmware_size.py [--shared ../shared/models/mlperf_tiny]
Builds in a temporary copy of proj_template (never in proj/*/build) and prints a markdown table from the linker
map (cfu.fwbuild.size): the image (code + constants + data), bss (the tensor arena and the trap stack), the kernel
functions linked (only those the model's layers call: -ffunction-sections and --gc-sections) and the kernel code
the linker left out.
"""

import argparse
import shutil
import tempfile
from pathlib import Path

from cfu.fwbuild import build_firmware
from cfu.fwbuild.size import firmware_size
from cfu.model.emit import write_c
from cfu.model.importer import import_model
from cfu.paths import REPO_ROOT, mlperf_models_dir
from cfu.profile.model_input import fixed_input, write_input_c
from cfu.project import Project

MLPERF_MODELS = ("kws_ref_model.tflite", "vww_96_int8.tflite", "pretrainedResnet_quant.tflite", "ad01_int8.tflite")
SHIPPED_MODELS = ("proj/kws_micro/model/ds_cnn_kws_int8.tflite", "proj/mnv2_first/model/mnv2_035_160_int8.tflite",
                  "tests/data/cnn16x8/cnn16x8.tflite")


def size_row(project: Project, model_path: Path, out: Path) -> str:
    model = import_model(model_path, weights_budget=1 << 26)
    sources = [p for p in write_c(model, out) if p.suffix == ".c"]
    sources.append(write_input_c(fixed_input(model), out))
    image = build_firmware(project, extra_sources=sources, extra_include_dirs=[out], defines={"FW_HAVE_MODEL": "1"})
    size = firmware_size(image.map)
    return (f"| `{model_path.name}` | {size.image:,} | {size.code:,} | {size.constants:,} | {size.bss:,} | "
            f"{len(size.kernels)} | {size.kernel_code:,} | {size.unused_kernel_code:,} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=mlperf_models_dir(),
                        help="the MLPerf Tiny models (default: $CFU_MLPERF_DIR or ../shared/models/mlperf_tiny)")
    args = parser.parse_args()
    models = [REPO_ROOT / path for path in SHIPPED_MODELS]
    models += [args.shared / name for name in MLPERF_MODELS if (args.shared / name).exists()]
    print("| model | image (B) | code | constants | bss | kernel functions | kernel code (B) | left out (B) |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="cfu-size-") as tmp:
        root = Path(tmp) / "proj_template"
        shutil.copytree(Project.load("proj_template").root, root, ignore=shutil.ignore_patterns("build"))
        project = Project.load(root)
        for model_path in models:
            print(size_row(project, model_path, Path(tmp) / "model" / model_path.stem), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
