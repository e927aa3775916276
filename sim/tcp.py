"""The simulated SoC as a board on the network: it boots the LiteX BIOS from ROM and its UART is a TCP port
(LiteX's ``serial2tcp``), where a host program serial-boots firmware as on a board's serial port."""

from __future__ import annotations

import io
import socket
import subprocess
import threading
from pathlib import Path

from sim.runner import SimResult, run
from sim.verilated import Simulator

__all__ = ["SimulatorOnTcp"]

#: Seconds the simulator is given to end by itself (its firmware's exit) before it is stopped.
_END_GRACE_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SimulatorOnTcp:
    """Run ``simulator`` with ``bios`` in ROM and nothing in main RAM, its UART on a free local port, for the
    duration of a ``with`` block (which gives ``self``). At the block's end the simulator is given a moment to end
    by itself (after its firmware's exit line), then stopped; :meth:`stop` stops it at once.

    ``url`` is the port for pyserial (``socket://localhost:<port>``); ``alive()`` says whether the simulator still
    runs; ``result`` is its :class:`~sim.runner.SimResult` once it ended, and ``stopped`` whether it was stopped.
    """

    def __init__(self, simulator: Simulator, bios: Path, *, max_cycles: int, cfu_timeout: int | None = None) -> None:
        self.port = _free_port()
        self.url = f"socket://localhost:{self.port}"
        self.result: SimResult | None = None
        self.stopped = False
        self._process: subprocess.Popen | None = None
        options = {"cfu_timeout": cfu_timeout} if cfu_timeout is not None else {}
        self._thread = threading.Thread(target=self._run, args=(simulator, bios, max_cycles, options), daemon=True)

    def _run(self, simulator: Simulator, bios: Path, max_cycles: int, options: dict) -> None:
        def started(process: subprocess.Popen) -> None:
            self._process = process

        self.result = run(simulator, b"", bios=bios, serial_port=self.port, max_cycles=max_cycles,
                          out=io.StringIO(), on_start=started, **options)

    def alive(self) -> bool:
        return self._thread.is_alive()

    def __enter__(self) -> "SimulatorOnTcp":
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the simulator now, if it still runs."""
        while self._thread.is_alive() and self._process is None:
            self._thread.join(timeout=0.1)  # until the process exists (it is started first thing)
        if self._thread.is_alive():
            self.stopped = True
            self._process.kill()
        self._thread.join()

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self._thread.join(timeout=_END_GRACE_SECONDS)
        self.stop()
