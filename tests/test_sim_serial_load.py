"""Serial boot, proven in simulation: the LiteX BIOS in ROM, the UART on TCP (serial2tcp) and
``litex_term --kernel --safe`` (the command ``cfu load`` runs) upload firmware that runs and exits."""

import io
import os
import re
import shlex
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from project_copies import persistent_build_dir  # noqa: E402

from cfu.commands.load import check_serial_port, serial_boot_command  # noqa: E402
from cfu.errors import CfuError  # noqa: E402
from sim.bios import build_bios  # noqa: E402
from sim.verilated import build_simulator  # noqa: E402
from sim.runner import run  # noqa: E402
from sim.testfw import build_firmware  # noqa: E402
from soc.headers import write_headers  # noqa: E402

VERILOG = Path(__file__).parent / "verilog"
#: Cycles for boot, upload and run. The upload goes at litex_term's pace (wall-clock time) while the simulator
#: counts cycles as fast as it runs, so a loaded machine needs many more cycles than an idle one (about 20 M);
#: the firmware's exit ends the run, so a large budget costs nothing when all goes well.
UPLOAD_BUDGET = 100_000_000
#: Only against a hang of litex_term: the exit line it received follows the simulation's end at once.
HANG_GUARD_SECONDS = 600


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    """Whether something listens on ``port``, read from /proc so that no connection is made."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if int(local.rsplit(":", 1)[1], 16) == port and state == "0A":
                return True
    return False


class _TerminalOutput:
    """Collects a process's output in a thread; ``done`` is set once ``until`` matches or the output ended."""

    def __init__(self, stream, until: re.Pattern):
        self._received = b""
        self._until = until
        self.done = threading.Event()
        self.reader = threading.Thread(target=self._read, args=(stream,))
        self.reader.start()

    def _read(self, stream) -> None:
        while chunk := stream.read1(4096):
            self._received += chunk
            if self._until.search(self._received):
                self.done.set()
        self.done.set()

    def text(self) -> str:
        return self._received.decode(errors="replace")


def test_serial_boot_over_tcp(tmp_path):
    if not Path("/usr/bin/script").exists():
        pytest.skip("needs util-linux 'script' to give litex_term a terminal")
    bios = build_bios()
    simulator = build_simulator(VERILOG / "cfu_echo.v", persistent_build_dir("sim-echo"))
    write_headers("sim", tmp_path)
    image = build_firmware(tmp_path, tmp_path / "fw", "EXIT", exit_code=5)
    port = _free_port()
    results = []
    simulation = threading.Thread(target=lambda: results.append(
        run(simulator, b"", bios=bios, serial_port=port, max_cycles=UPLOAD_BUDGET, out=io.StringIO())))
    simulation.start()
    while not _listening(port) and simulation.is_alive():
        time.sleep(0.01)
    command = shlex.join(serial_boot_command(image, f"socket://localhost:{port}", safe=True))
    # litex_term needs a terminal: `script` gives it one. Its output is read as it comes (a pipe left unread
    # would fill up with progress bars and stall the upload).
    terminal = subprocess.Popen(["script", "-qfec", command, "/dev/null"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    console = _TerminalOutput(terminal.stdout, until=re.compile(rb"~~exit -?\d+~~"))
    simulation.join()  # bounded by its cycle budget
    if results[0].reason.startswith("firmware exit"):
        # The firmware sent its exit line, but the simulation may end before litex_term has written the last
        # lines it received: wait for them.
        console.done.wait(timeout=HANG_GUARD_SECONDS)
    os.killpg(terminal.pid, signal.SIGTERM)
    terminal.wait()
    console.reader.join()
    console = console.text()
    assert results[0].exit_code == 5, f"{results[0].reason}; litex_term showed:\n{console[-2000:]}"
    assert "Booting from serial" in console
    assert "hello from the test firmware" in console
    assert "~~exit 5~~" in console


def test_load_without_board_names_the_device():
    with pytest.raises(CfuError, match="no board found at /dev/ttyUSB1"):
        check_serial_port("digilent_arty", "/dev/ttyUSB1")
