"""Serial boot through the LiteX BIOS: its SFL protocol (frames of up to 251 bytes with a CRC-16, each answered
with one byte), at a pace that the BIOS's time limits cannot break.

The BIOS asks for an image by sending a magic line and gives the host a quarter of a second (of the SoC's clock)
to answer; a simulated SoC counts that quarter in simulated cycles, which a loaded host can miss. So the host never
races it: it waits for the BIOS console's prompt, then types ``serialboot`` followed at once by the answer. The
answer is already waiting in the UART when the BIOS starts listening. Frames then go one at a time, each sent whole
once the previous one was acknowledged (the BIOS waits for a frame's first byte without a time limit); a frame
answered with an error (CRC, frame cut short) is sent again once the line has gone quiet. The first answer must
be the first byte after the BIOS's request: anything else means that the BIOS did not take the boot.
"""

from __future__ import annotations

import binascii
import re
import sys
import time
from typing import TextIO

from ..errors import CfuError
from .serial_console import ConsoleTimeout, SerialConsole

__all__ = ["serial_boot", "sfl_frame", "BootTimes", "FRAME_DATA", "SIM_FRAME_DATA"]

MAGIC_REQUEST = b"sL5DdSMmkekro\n"
MAGIC_ANSWER = b"z6IHG7cYDID6o\n"
#: The end of the BIOS console's prompt (``litex> `` in colour).
BIOS_PROMPT = re.compile(rb"litex\x1b\[0m> ")
_MAGIC = re.compile(re.escape(MAGIC_REQUEST))
_NEXT_BYTE = re.compile(rb"[\s\S]")

SFL_ACK = b"K"
#: A CRC error, a frame cut short (time-out), an unknown command.
SFL_ERRORS = (b"C", b"E", b"U")
SFL_LOAD = 0x01
SFL_JUMP = 0x02
#: Image bytes per load frame on a board: the 255-byte payload less the 4-byte address. The BIOS wants a frame
#: whole within a quarter second of its first byte: 2,880 bytes at 115200 baud.
FRAME_DATA = 251
#: The same on the simulated SoC, whose BIOS reads a byte in about 2,000 cycles of its 1 MHz clock: a quarter
#: second (250,000 cycles) holds about 120 bytes (measured: 112-byte payloads pass, 128-byte ones time out).
SIM_FRAME_DATA = 60
#: Attempts at one frame before giving up (the BIOS itself gives up after 256 errors in a row).
FRAME_ATTEMPTS = 8


class BootTimes:
    """Time limits of a serial boot, in seconds."""

    def __init__(self, prompt: float = 60.0, reply: float = 30.0, quiet: float = 1.0) -> None:
        #: For the BIOS prompt after the port opened (a board's start-up, or a reset by hand).
        self.prompt = prompt
        #: For the answer to one frame.
        self.reply = reply
        #: Of silence that ends an error's aftermath before a frame is sent again.
        self.quiet = quiet


def sfl_frame(command: int, payload: bytes) -> bytes:
    """One SFL frame: payload length, CRC-16 (XMODEM, big-endian) of command and payload, command, payload."""
    body = bytes([command]) + payload
    return bytes([len(payload)]) + binascii.crc_hqx(body, 0).to_bytes(2, "big") + body


def serial_boot(console: SerialConsole, image: bytes, address: int, times: BootTimes | None = None,
                progress: TextIO | None = None, frame_data: int = FRAME_DATA) -> None:
    """Have the LiteX BIOS on ``console`` load ``image`` at ``address`` (``frame_data`` bytes a frame) and jump
    there."""
    times = times or BootTimes()
    progress = progress or sys.stdout
    _start_serialboot(console, times)
    frames = [image[offset:offset + frame_data] for offset in range(0, len(image), frame_data)]
    start = time.monotonic()
    for number, data in enumerate(frames, 1):
        _send(console, sfl_frame(SFL_LOAD, (address + (number - 1) * frame_data).to_bytes(4, "big") + data),
              times, f"uploading frame {number} of {len(frames)}")
        if number % 64 == 0 or number == len(frames):
            progress.write(f"\r  uploaded {min(number * frame_data, len(image)):,} of {len(image):,} bytes")
            progress.flush()
    seconds = time.monotonic() - start
    progress.write(f" in {seconds:.1f} s ({len(image) / 1024 / max(seconds, 1e-3):.1f} KiB/s)\n")
    _send(console, sfl_frame(SFL_JUMP, address.to_bytes(4, "big")), times, "starting the image")


def _start_serialboot(console: SerialConsole, times: BootTimes) -> None:
    """Bring the BIOS to its prompt and start ``serialboot`` with the answer to its request already sent."""
    # A newline gives a fresh prompt in every state the BIOS can be in: a BIOS that printed its prompt before
    # the port opened prints another; one still starting up reads it later, or skips it while it waits for
    # its own serial-boot answer (which the host lets time out).
    console.write(b"\n")
    console.expect(BIOS_PROMPT, silence=times.prompt, limit=times.prompt,
                   doing="waiting for the LiteX BIOS prompt (is the bitstream loaded? press the board's reset)")
    console.write(b"serialboot\n" + MAGIC_ANSWER)
    console.expect(_MAGIC, silence=times.reply, doing="starting serial boot (the BIOS's 'serialboot' command)")


def _send(console: SerialConsole, frame: bytes, times: BootTimes, doing: str) -> None:
    """Send ``frame`` until the BIOS acknowledges it; its answer must be the next byte it sends."""
    for _ in range(FRAME_ATTEMPTS):
        console.write(frame)
        reply = console.expect(_NEXT_BYTE, silence=times.reply, doing=doing).group()
        if reply == SFL_ACK:
            return
        if reply not in SFL_ERRORS:
            said = (reply + console.drain(times.quiet, times.reply)).decode(errors="replace").strip()
            raise CfuError(f"{console.name}'s BIOS did not take the serial boot while {doing}: it said {said!r}")
        # A CRC error, or a frame cut short by the BIOS's time limit: what is left of it may still arrive and be
        # answered. Once the line is quiet, the BIOS waits for a frame again.
        console.drain(times.quiet, times.reply)
    raise CfuError(f"serial boot failed: {FRAME_ATTEMPTS} attempts at one frame were refused while {doing} "
                   "(check the cable and the baud rate)")
