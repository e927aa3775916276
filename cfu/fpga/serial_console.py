"""A board's UART seen from the host: a serial device or ``socket://host:port`` (a simulated SoC), read with
time limits so that a board that stops answering ends in one clear message, never in a hang.

Everything received is kept (:attr:`SerialConsole.received`); :meth:`SerialConsole.expect` consumes it up to the
end of a pattern, and complete lines can be shown as they arrive (:meth:`SerialConsole.show_lines`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TextIO

import serial

from ..errors import CfuError

__all__ = ["SerialConsole", "ConsoleTimeout", "ConsoleClosed", "BAUD_RATE"]

#: The LiteX UART's default rate, which every board SoC of the toolkit uses.
BAUD_RATE = 115200
#: How long one read waits for a byte before the time limits are checked again.
_POLL_SECONDS = 0.1


class ConsoleTimeout(CfuError):
    """The board sent nothing (or not what was expected) within the time allowed."""


class ConsoleClosed(CfuError):
    """The connection ended: the device went away, or the simulated SoC stopped."""


class SerialConsole:
    """The UART of the board called ``name`` at ``port`` (a device path or a pyserial URL such as
    ``socket://localhost:5000``)."""

    def __init__(self, port: str, name: str, baud_rate: int = BAUD_RATE) -> None:
        self.port, self.name = port, name
        self.received = bytearray()
        self._consumed = 0
        self._lines_shown = 0
        self._line_sink: TextIO | None = None
        try:
            self._serial = serial.serial_for_url(port, baudrate=baud_rate, timeout=_POLL_SECONDS)
        except (serial.SerialException, OSError, ValueError) as error:
            hint = "" if port.startswith("socket://") else (" (is a terminal holding it? may you use it? "
                                                             "see the dialout group)")
            raise CfuError(f"cannot open {name}'s serial port {port}: {error}{hint}") from None

    @classmethod
    def connect(cls, port: str, name: str, alive: Callable[[], bool], limit: float) -> "SerialConsole":
        """Open ``port``, retrying while it refuses and ``alive()`` holds (a simulator still starting up)."""
        deadline = time.monotonic() + limit
        while True:
            try:
                return cls(port, name)
            except CfuError:
                if not alive() or time.monotonic() > deadline:
                    raise
            time.sleep(_POLL_SECONDS)

    def close(self) -> None:
        self._serial.close()

    def __enter__(self) -> "SerialConsole":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def write(self, data: bytes) -> None:
        try:
            self._serial.write(data)
            self._serial.flush()
        except (serial.SerialException, OSError) as error:
            raise ConsoleClosed(f"lost the connection to {self.name} ({self.port}): {error}") from None

    def show_lines(self, sink: TextIO | None) -> None:
        """Copy to ``sink`` every line received from here on, from the first byte not consumed yet (None: stop)."""
        self._lines_shown = self._consumed
        self._line_sink = sink

    def expect(self, pattern: re.Pattern[bytes], *, silence: float, doing: str,
               limit: float | None = None) -> re.Match[bytes]:
        """Read until ``pattern`` matches the bytes not consumed yet, consume them up to the match's end and return
        the match. Raises :class:`ConsoleTimeout` when nothing arrives for ``silence`` seconds, or the whole wait
        exceeds ``limit`` seconds; ``doing`` says what the board was doing, for the message."""
        start = last_byte = time.monotonic()
        while True:
            match = pattern.search(self.received, self._consumed)
            if match:
                self._consumed = match.end()
                return match
            if self._read_some():
                last_byte = time.monotonic()
            now = time.monotonic()
            if now - last_byte > silence:
                raise ConsoleTimeout(f"no answer from {self.name} ({self.port}) for {silence:g} s while {doing}")
            if limit is not None and now - start > limit:
                raise ConsoleTimeout(f"{self.name} ({self.port}) did not finish {doing} within {limit:g} s")

    def drain(self, quiet: float, limit: float = 30.0) -> bytes:
        """Read until nothing arrived for ``quiet`` seconds (at most ``limit`` seconds); consume and return it all."""
        start = last_byte = time.monotonic()
        while time.monotonic() - last_byte < quiet and time.monotonic() - start < limit:
            if self._read_some():
                last_byte = time.monotonic()
        drained = bytes(self.received[self._consumed:])
        self._consumed = len(self.received)
        return drained

    def text_since(self, position: int) -> str:
        """What was received from byte ``position`` on, as text."""
        return self.received[position:].decode(errors="replace")

    def _read_some(self) -> bool:
        try:
            chunk = self._serial.read(max(1, self._serial.in_waiting))
        except (serial.SerialException, OSError) as error:
            raise ConsoleClosed(f"{self.name} ({self.port}) closed the connection: {error}") from None
        if not chunk:
            return False
        self.received += chunk
        if self._line_sink is not None:
            end = self.received.rfind(b"\n") + 1
            if end > self._lines_shown:
                for line in self.received[self._lines_shown:end].decode(errors="replace").splitlines(True):
                    self._line_sink.write(line.replace("\r", ""))
                self._line_sink.flush()
                self._lines_shown = end
        return True
