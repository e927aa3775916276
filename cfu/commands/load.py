"""``cfu load``: put firmware on a board: LiteX serial boot (Arty, ULX3S) or DFU (Fomu)."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from ..errors import CfuError

#: Board -> how firmware gets there, and the device looked for by default.
SERIAL_BOARDS = {"digilent_arty": "/dev/ttyUSB1", "radiona_ulx3s": "/dev/ttyUSB0"}
DFU_BOARDS = {"kosagi_fomu": "1209:5bf0"}


def register(subparsers) -> None:
    parser = subparsers.add_parser("load", help="load firmware onto a board (serial boot, or DFU for Fomu)")
    parser.add_argument("--target", required=True, choices=sorted({**SERIAL_BOARDS, **DFU_BOARDS}))
    parser.add_argument("--firmware", type=Path, required=True,
                        help="flat firmware binary (serial boot) or DFU image (Fomu)")
    parser.add_argument("--port", help="serial port or socket://host:port (default: the board's usual device)")
    parser.add_argument("--safe", action="store_true", help="slower upload without flow-control shortcuts")
    parser.set_defaults(func=run)


def litex_term() -> str:
    """The ``litex_term`` of this environment (installed with LiteX)."""
    beside_python = Path(sys.executable).parent / "litex_term"
    found = str(beside_python) if beside_python.is_file() else shutil.which("litex_term")
    if found is None:
        raise CfuError("litex_term not found: it comes with LiteX; run bash scripts/setup.sh")
    return found


def serial_boot_command(firmware: Path, port: str, safe: bool) -> list[str]:
    """``litex_term`` answering the BIOS's serial-boot request with ``firmware`` (loaded at 0x40000000)."""
    return [litex_term(), "--kernel", str(firmware), "--kernel-adr", "0x40000000", *(["--safe"] if safe else []),
            port]


def check_serial_port(target: str, port: str) -> None:
    """Fail with a message naming the device when no board is attached there."""
    if not port.startswith("socket://") and not Path(port).exists():
        raise CfuError(f"no board found at {port} ({target}): connect its USB cable, "
                       "or name the serial device with --port")


def dfu_command(firmware: Path, device: str) -> list[str]:
    """``dfu-util`` downloading ``firmware`` to the Fomu bootloader ``device`` (vendor:product)."""
    if shutil.which("dfu-util") is None:
        raise CfuError("dfu-util not found: install it with apt-get install dfu-util")
    listing = subprocess.run(["dfu-util", "--list"], capture_output=True, text=True).stdout
    if device not in listing:
        raise CfuError(f"no Fomu in DFU mode found (USB {device}): plug it in; its LED pulses when ready")
    return ["dfu-util", "--device", device, "--download", str(firmware), "--reset"]


def run(args: argparse.Namespace) -> int:
    if not args.firmware.is_file():
        raise CfuError(f"firmware image not found: {args.firmware}")
    if args.target in DFU_BOARDS:
        command = dfu_command(args.firmware, DFU_BOARDS[args.target])
    else:
        port = args.port or SERIAL_BOARDS[args.target]
        check_serial_port(args.target, port)
        print(f"cfu load: reset the board to start its BIOS; litex_term uploads {args.firmware} (Ctrl-C to quit)")
        command = serial_boot_command(args.firmware, port, args.safe)
    return subprocess.call(command)
