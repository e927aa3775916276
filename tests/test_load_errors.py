"""``cfu load`` on bad input: each missing piece is one line naming it and what to do, found before anything is
built where it can be, and nothing half-written is left behind."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from project_copies import copy_project
from test_boards import NEW_BOARD

from cfu.model.testing import ModelBuilder, options
from cfu.paths import REPO_ROOT

BOARD = "radiona_ulx3s"


def _cfu_load(args: list[str], path: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    """``cfu load args`` with PATH ``path``, and ``pythonpath``'s ``soc`` package in place of the checkout's when
    given (then run from there)."""
    env = dict(os.environ, PATH=path, COLUMNS="200", **({"PYTHONPATH": str(pythonpath)} if pythonpath else {}))
    return subprocess.run([sys.executable, "-m", "cfu.cli", "load", *args], capture_output=True, text=True, env=env,
                          cwd=pythonpath or REPO_ROOT, timeout=600)


def _one_error_line(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 2, run.stdout[-2000:] + run.stderr[-2000:]
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


def _with_bitstream(tmp_path: Path):
    """A project copy whose last ULX3S build left a bitstream."""
    project = copy_project("proj_template", tmp_path / "proj")
    bitstream = project.build_dir / BOARD / "gateware" / f"{BOARD}.bit"
    bitstream.parent.mkdir(parents=True)
    bitstream.write_bytes(b"\xff" * 64)
    (project.build_dir / BOARD / "resources.json").write_text(json.dumps({"outputs": {"bitstream": str(bitstream)}}))
    return project


def test_missing_programmer_is_named_with_how_to_get_it(tmp_path):
    project = _with_bitstream(tmp_path)
    run = _cfu_load(["--proj", str(project.root), "--target", BOARD], path=str(Path(sys.executable).parent))
    assert _one_error_line(run) == ("cfu load: error: openFPGALoader not found; to get it: "
                                    "apt-get install openfpgaloader")
    assert not (project.build_dir / "firmware").exists()


def test_missing_serial_port_is_named(tmp_path):
    project = _with_bitstream(tmp_path)
    run = _cfu_load(["--proj", str(project.root), "--target", BOARD, "--port", "/dev/ttyNOBOARD"],
                    path=f"{Path(sys.executable).parent}:/usr/bin:/bin")
    assert _one_error_line(run) == ("cfu load: error: no board found at /dev/ttyNOBOARD (radiona_ulx3s): connect "
                                    "its USB cable, or name the serial device with --port")
    assert not (project.build_dir / "firmware").exists()


def test_board_options_are_refused_on_the_simulated_soc(tmp_path):
    project = copy_project("proj_template", tmp_path / "proj")
    run = _cfu_load(["--proj", str(project.root), "--target", "sim", "--port", "/dev/ttyUSB1"],
                    path=str(Path(sys.executable).parent))
    assert _one_error_line(run) == ("cfu load: error: --port applies to a board; the simulated SoC ('--target sim') "
                                    "is started on a TCP port of its own")


def _model_with_weights(path: Path, units: int, depth: int) -> Path:
    builder = ModelBuilder()
    x = builder.tensor((1, depth), scale=0.05)
    y = builder.tensor((1, units), scale=0.1)
    weights = builder.tensor((units, depth), scale=0.02, data=np.ones((units, depth), np.int8))
    builder.operator("FULLY_CONNECTED", [x, weights, -1], [y], options("FullyConnectedOptions"))
    path.write_bytes(builder.build([x], [y]))
    return path


def test_a_model_the_board_cannot_hold_names_the_region(tmp_path):
    """A board with 192 KiB of main RAM (the one-file board of test_boards) and 64 KiB of weights besides the
    firmware (65,544 bytes with the quantisation data): one line naming the region and the bytes missing, before
    anything is built or written."""
    shutil.copytree(REPO_ROOT / "soc", tmp_path / "soc", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "soc" / "boards" / "acme_a7_100t.py").write_text(NEW_BOARD)
    project = copy_project("proj_template", tmp_path / "proj")
    model = _model_with_weights(tmp_path / "big.tflite", units=256, depth=256)
    run = _cfu_load(["--proj", str(project.root), "--target", "acme", "--no-program", "--port", "socket://localhost:9",
                     "--model", str(model)], path=f"{Path(sys.executable).parent}:/usr/bin:/bin",
                    pythonpath=tmp_path)
    line = _one_error_line(run)
    assert line.startswith("cfu load: error: the model does not fit the acme_a7_100t SoC: memory region 'main_ram' "
                           "(block RAM, 196,608 bytes) is "), line
    assert "weights 65,544" in line and line.endswith("use a smaller model, or a board with more memory"), line
    assert not (project.build_dir / "acme_a7_100t").exists() and not (project.build_dir / "firmware").exists()


def test_board_firmware_carries_the_model_then_a_dead_port_is_one_line(tmp_path):
    """The board path up to the serial port: the firmware is built with the model for the board's own SoC (its
    headers and memory layout, an interactive menu), then a port nobody answers on is one line."""
    from cfu.fpga.board_run import image_address
    from cfu.fwbuild import FirmwareImage

    project = copy_project("proj_template", tmp_path / "proj")
    model = _model_with_weights(tmp_path / "small.tflite", units=8, depth=16)
    run = _cfu_load(["--proj", str(project.root), "--target", BOARD, "--no-program", "--port", "socket://localhost:9",
                     "--model", str(model)], path=f"{Path(sys.executable).parent}:/usr/bin:/bin")
    assert _one_error_line(run).startswith(f"cfu load: error: cannot open {BOARD}'s serial port socket://localhost:9:")
    built = project.build_dir / "firmware" / BOARD
    image = FirmwareImage(built / "firmware.elf", built / "firmware.bin", built / "firmware.map",
                          built / "firmware.sym", built)
    assert image_address(image) == 0x4000_0000
    symbols = image.symbols.read_text()
    assert " cfu_model" in symbols and "run_model_profile" in symbols
    assert "FW_MENU_SCRIPT" not in (built / "generated" / "fw_config.h").read_text()  # keys come from the UART
    assert not (project.build_dir / BOARD / "profile.json").exists()
