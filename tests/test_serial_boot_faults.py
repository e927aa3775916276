"""A bad line between host and BIOS: a frame corrupted on the way and a frame cut short are refused by the real
LiteX BIOS (CRC error, time-out) and sent again, and the firmware still boots and runs."""

import re
import socket
import threading
from pathlib import Path

from project_copies import persistent_build_dir

from cfu.errors import CfuError
from cfu.fpga.serial_console import SerialConsole
from cfu.fpga.serialboot import MAGIC_ANSWER, SIM_FRAME_DATA, BootTimes, serial_boot
from sim.bios import build_bios
from sim.tcp import SimulatorOnTcp
from sim.testfw import build_firmware
from sim.verilated import build_simulator
from soc.headers import write_headers

VERILOG = Path(__file__).parent / "verilog"
#: What the host sends before the first frame: a newline, then ``serialboot`` and the answer to the BIOS's request.
HANDSHAKE = len(b"\n" + b"serialboot\n" + MAGIC_ANSWER)
#: One load frame on the simulated SoC: length, CRC, command, address and the image bytes.
FRAME = 4 + 4 + SIM_FRAME_DATA
ANY_BYTES = re.compile(rb"[\s\S]+")


class FaultyLine:
    """A TCP relay between the host and ``board`` that flips a bit of the host's byte ``flip`` and drops its byte
    ``drop`` (offsets in what the host sent), and keeps what the board sent back."""

    def __init__(self, board: SerialConsole, flip: int, drop: int) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"socket://localhost:{self._listener.getsockname()[1]}"
        self._board, self._flip, self._drop = board, flip, drop
        self.from_board = bytearray()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        host, _ = self._listener.accept()
        threading.Thread(target=self._to_host, args=(host,), daemon=True).start()
        sent = 0
        while data := host.recv(4096):
            data = bytearray(data)
            if sent <= self._flip < sent + len(data):
                data[self._flip - sent] ^= 0x10
            if sent <= self._drop < sent + len(data):
                del data[self._drop - sent]
                sent += 1
            sent += len(data)
            self._board.write(bytes(data))

    def _to_host(self, host: socket.socket) -> None:
        try:
            while True:
                data = self._board.expect(ANY_BYTES, silence=600, doing="relaying").group()
                self.from_board += data
                host.sendall(data)
        except (CfuError, OSError):  # the simulator ended, or the test closed its side
            host.close()


def test_corrupted_and_cut_frames_are_sent_again(tmp_path):
    simulator = build_simulator(VERILOG / "cfu_echo.v", persistent_build_dir("sim-echo"))
    write_headers("sim", tmp_path)
    image = build_firmware(tmp_path, tmp_path / "fw", "EXIT", exit_code=5)
    # Frame 3 gets a flipped bit in its data; frame 5 loses its last byte.
    line_faults = {"flip": HANDSHAKE + 2 * FRAME + 20, "drop": HANDSHAKE + 5 * FRAME + FRAME - 1}
    with SimulatorOnTcp(simulator, build_bios(), max_cycles=100_000_000) as simulated:
        with SerialConsole.connect(simulated.url, "sim", alive=simulated.alive, limit=60) as board:
            line = FaultyLine(board, **line_faults)
            with SerialConsole(line.url, "sim") as console:
                serial_boot(console, image.read_bytes(), 0x4000_0000, BootTimes(), frame_data=SIM_FRAME_DATA)
                exit_line = console.expect(re.compile(rb"~~exit (-?\d+)~~"), silence=60, doing="running")
    assert exit_line.group(1) == b"5" and simulated.result.exit_code == 5
    answers = bytes(line.from_board).split(b"sL5DdSMmkekro\n")[-1]
    # Frames 1 and 2 taken, 3 refused (CRC) and taken, 4 taken, 5 refused (cut short: time-out) and taken, ...
    assert answers.startswith(b"KKCKKEK"), answers[:20]
