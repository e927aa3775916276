"""Fomu DFU images: bitstream and boot code laid out for the SPI flash, with a DFU file suffix.

The Fomu's bootloader (foboot) writes a DFU download to SPI flash at 0x40000 and then starts the
bitstream found there. Everything after the bitstream in the same download lands in flash too, at
a known place: the SoC's CPU resets into the flash window at that place (see docs/fpga.md).
"""

from __future__ import annotations

import struct
import zlib

#: Where foboot writes a download in the Fomu's SPI flash.
FOBOOT_FLASH_OFFSET = 0x40000
#: Space kept for the bitstream at the start of the image (an UP5K bitstream is 104 KiB).
BITSTREAM_SLOT = 0x20000
#: Where the CPU's boot code starts, relative to the image (flash 0x60000).
BOOT_OFFSET = BITSTREAM_SLOT
#: USB ids the DFU suffix names: pid.codes' Fomu user-image id.
DFU_VENDOR, DFU_PRODUCT = 0x1209, 0x70B1

_SUFFIX_TAIL = b"UFD\x10"  # "DFU" signature (stored reversed) and the suffix length, 16


def flash_image(bitstream: bytes, boot: bytes = b"") -> bytes:
    """Return the flash image: ``bitstream`` padded with 0xFF to :data:`BITSTREAM_SLOT`, then ``boot``."""
    if len(bitstream) > BITSTREAM_SLOT:
        raise ValueError(f"bitstream of {len(bitstream)} bytes exceeds its {BITSTREAM_SLOT}-byte slot")
    if not boot:
        return bitstream
    return bitstream + b"\xff" * (BITSTREAM_SLOT - len(bitstream)) + boot


def add_dfu_suffix(data: bytes, vendor: int = DFU_VENDOR, product: int = DFU_PRODUCT) -> bytes:
    """Append a DFU 1.0 file suffix (any device release) with its CRC, as ``dfu-suffix -a`` does."""
    body = data + struct.pack("<HHHH", 0xFFFF, product, vendor, 0x0100) + _SUFFIX_TAIL
    crc = ~zlib.crc32(body) & 0xFFFFFFFF
    return body + struct.pack("<I", crc)
