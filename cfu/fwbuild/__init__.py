"""Firmware build: compile ``firmware/`` plus a project's ``src/`` overrides for the target CPU.

Public entry points: :func:`build_firmware` (ELF, flat binary, map and symbols), :func:`symbolize`
(PC to function and line) and, in :mod:`cfu.fwbuild.emulation`, the host build of a project's C
emulation that is checked against the reference models.
"""

from .build import FirmwareBuild, FirmwareImage, build_firmware
from .symbols import describe_trap, symbolize

__all__ = ["FirmwareBuild", "FirmwareImage", "build_firmware", "describe_trap", "symbolize"]
