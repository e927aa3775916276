"""Serial boot and ``cfu load``, proven in simulation: the simulated SoC boots the LiteX BIOS from ROM with its UART
on a TCP port (serial2tcp), and the host serial-boots firmware there as on a board's serial port."""

import binascii
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from project_copies import persistent_build_dir

from cfu.errors import CfuError
from cfu.fpga.serial_console import SerialConsole
from cfu.fpga.serialboot import SIM_FRAME_DATA, BootTimes, serial_boot, sfl_frame
from cfu.model.testing import ModelBuilder, options
from cfu.paths import REPO_ROOT
from sim.bios import build_bios
from sim.tcp import SimulatorOnTcp
from sim.testfw import build_firmware
from sim.verilated import build_simulator
from soc.headers import write_headers

VERILOG = Path(__file__).parent / "verilog"
#: Cycles for the BIOS's start-up, the upload and the run of the test firmware; the upload goes at the host's
#: pace, so a loaded machine needs more cycles than an idle one (about 5 M). The firmware's exit ends the run.
UPLOAD_BUDGET = 100_000_000


def _litex_crc16(data: bytes) -> int:
    """LiteX's own CRC-16 of SFL frames (litex_term's table), to check ours against."""
    from litex.tools.litex_term import crc16

    return crc16(data)


def test_sfl_frames_carry_litex_crc():
    payload = bytes(range(200))
    frame = sfl_frame(0x01, payload)
    assert frame[0] == len(payload) and frame[3] == 0x01 and frame[4:] == payload
    assert int.from_bytes(frame[1:3], "big") == _litex_crc16(b"\x01" + payload) == binascii.crc_hqx(frame[3:], 0)


def test_serial_boot_over_tcp(tmp_path):
    """The BIOS's own serial boot request is left unanswered (it times out in simulated time, whatever the host's
    pace); the upload goes through the BIOS prompt, and the firmware runs and exits."""
    simulator = build_simulator(VERILOG / "cfu_echo.v", persistent_build_dir("sim-echo"))
    write_headers("sim", tmp_path)
    image = build_firmware(tmp_path, tmp_path / "fw", "EXIT", exit_code=5)
    with SimulatorOnTcp(simulator, build_bios(), max_cycles=UPLOAD_BUDGET) as simulated:
        with SerialConsole.connect(simulated.url, "sim", alive=simulated.alive, limit=60) as console:
            serial_boot(console, image.read_bytes(), 0x4000_0000, BootTimes(), frame_data=SIM_FRAME_DATA)
            exit_line = console.expect(re.compile(rb"~~exit (-?\d+)~~"), silence=60, doing="running")
            transcript = bytes(console.received).decode(errors="replace")
    assert exit_line.group(1) == b"5"
    assert simulated.result.exit_code == 5 and not simulated.stopped
    assert "Timeout" in transcript  # the BIOS's own request went unanswered ...
    assert transcript.count("Booting from serial") == 2  # ... and the prompt's serialboot took the image
    assert "hello from the test firmware" in transcript


def _tiny_model(path: Path) -> Path:
    """Two FULLY_CONNECTED layers (16 -> 8 -> 4): 160 MACs."""
    rng = np.random.default_rng(1)
    builder = ModelBuilder()
    x = builder.tensor((1, 16), scale=0.05, zero_point=-3)
    y = builder.tensor((1, 8), scale=0.1, zero_point=5)
    z = builder.tensor((1, 4), scale=0.2, zero_point=1)
    for source, weights, result in ((x, (8, 16), y), (y, (4, 8), z)):
        filters = builder.tensor(weights, scale=0.02, data=rng.integers(-127, 128, weights, dtype=np.int8))
        builder.operator("FULLY_CONNECTED", [source, filters, -1], [result], options("FullyConnectedOptions"))
    path.write_bytes(builder.build([x], [z]))
    return path


def _cfu_load(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfu.cli", "load", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=1200)


def test_load_runs_the_model_on_the_simulated_soc(tmp_path, project_copy):
    project = project_copy("proj_template")
    run = _cfu_load("--proj", str(project.root), "--target", "sim", "--model", str(_tiny_model(tmp_path / "t.tflite")))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Executing booted program at 0x40000000" in run.stdout  # serial boot through the BIOS
    assert "layer 2/2 FULLY_CONNECTED" in run.stdout  # progress while it runs
    assert "golden: pass" in run.stdout
    profile = json.loads((project.build_dir / "sim-serial" / "profile.json").read_text())
    assert profile["golden"] == "pass" and "serial boot over TCP" in profile["simulator"] and profile["soc"] == "sim"
    assert [layer["macs"] for layer in profile["layers"]] == [128, 32]
    assert sum(layer["cycles"] for layer in profile["layers"]) == profile["total_cycles"] > 0


def test_a_board_that_stops_answering_gives_a_timeout(tmp_path, project_copy):
    """A FULLY_CONNECTED kernel that never returns: the board falls silent in layer 0 and ``cfu load`` says so
    after ``--timeout`` seconds (the simulator has no cycle budget here, so only the host's limit can end it).
    The override lives in the shared copy (its simulator is built once) only for the length of this test."""
    project = project_copy("proj_template")
    kernel = (REPO_ROOT / "firmware" / "kernels" / "fully_connected.c").read_text()
    opening = kernel.index("{", kernel.index("void FullyConnected(")) + 1
    override = project.root / "src" / "kernels" / "fully_connected.c"
    override.parent.mkdir(parents=True)
    try:
        override.write_text(kernel[:opening] + "\n  for (;;) {\n  }\n" + kernel[opening:])
        profile = project.build_dir / "sim-serial" / "profile.json"
        profile.unlink(missing_ok=True)
        run = _cfu_load("--proj", str(project.root), "--target", "sim", "--model",
                        str(_tiny_model(tmp_path / "t.tflite")), "--max-cycles", "0", "--timeout", "5")
    finally:
        shutil.rmtree(override.parent)
    assert run.returncode != 0
    line = next(line for line in run.stdout.splitlines() if "no answer from sim" in line)
    assert re.fullmatch(r"cfu load: no answer from sim \(socket://localhost:\d+\) for 5 s while running the firmware "
                        r"\(menu keys 'mq'\); a longer wait: --timeout SECONDS \(exit code 124\): stopped in layer 0 "
                        r"\(FULLY_CONNECTED\), after 0 of 2 layers", line), line
    assert "the model did not run to the end: no profile" in run.stdout
    assert not profile.exists()


def test_a_port_nobody_listens_on_is_one_message():
    with pytest.raises(CfuError, match="^cannot open sim's serial port socket://localhost:9: "):
        SerialConsole("socket://localhost:9", "sim")
