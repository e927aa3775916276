"""How a simulated SoC's memories are preloaded: which ``$readmemh`` files its Verilog reads, and how an image's
bytes are spread over them.

Block RAM is one file of 32-bit words. A DRAM behind LiteDRAM's controller is modelled by
``litedram.phy.model.SDRAMPHYModel``: one memory per bank, each word as wide as one controller access
(DFI data width times phases), and the address split row | bank | column (LiteDRAM's default ``ROW_BANK_COL``),
so consecutive rows' worth of bytes go to bank 0, 1, ... in turn. The simulator is built once with a placeholder
in every file and the runner rewrites them for each firmware image.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from migen import Memory

from cfu.errors import CfuError
from cfu.files import write_atomic

#: Written beside the simulator's Verilog by ``sim.soc_verilog``; read by ``sim.runner``.
IMAGES_FILE = "memory_images.json"


@dataclass(frozen=True)
class MemoryImage:
    """One preloadable memory: its init ``files`` (bank order), ``size`` in bytes, ``word_bytes`` per file line
    and ``interleave``: the bytes that go to one file before the next (``size`` for a single file)."""

    files: tuple[str, ...]
    size: int
    word_bytes: int
    interleave: int

    def split(self, image: bytes, what: str) -> list[list[int]]:
        """The words of each file holding ``image`` from the memory's start; :class:`CfuError` if it is too big."""
        if len(image) > self.size:
            raise CfuError(f"{what} is {len(image):,} bytes, more than the {self.size:,} bytes it is loaded into")
        image += bytes(-len(image) % self.word_bytes)
        banks: list[list[int]] = [[] for _ in self.files]
        for start in range(0, len(image), self.interleave):
            chunk = image[start:start + self.interleave]
            bank = banks[(start // self.interleave) % len(self.files)]
            bank += [int.from_bytes(chunk[i:i + self.word_bytes], "little") for i in range(0, len(chunk), self.word_bytes)]
        return banks

    def write(self, run_dir: Path, image: bytes, what: str) -> None:
        """Write the init files for ``image`` into ``run_dir`` (a file with no data gets one zero word)."""
        digits = 2 * self.word_bytes
        for name, words in zip(self.files, self.split(image, what)):
            write_atomic(Path(run_dir) / name, "".join(f"{word:0{digits}x}\n" for word in words or [0]))


def block_ram_image(build_name: str, memory_name: str, size: int) -> MemoryImage:
    """The image of a LiteX block RAM (``add_ram``/``add_rom`` with placeholder contents) called ``memory_name``."""
    return MemoryImage((f"{build_name}_{memory_name}.init",), size, 4, size)


def sdram_model_image(phy, build_name: str, size: int) -> MemoryImage:
    """Name the bank memories of ``phy`` (an ``SDRAMPHYModel`` made with :func:`sdram_model_placeholder`) and
    return their image."""
    from litedram.phy.model import BankModel

    # Migen keeps a module's submodules as (name, module) pairs and its specials in its fragment; a BankModel
    # holds one Memory.
    banks = [special for _, bank in phy._submodules if isinstance(bank, BankModel)
             for special in bank._fragment.specials if isinstance(special, Memory)]
    for index, memory in enumerate(banks):
        memory.name_override = f"sdram_bank{index}"
    geometry = phy.module.geom_settings
    row_bytes = phy.settings.databits // 8 * 2 ** geometry.colbits
    word_bytes = phy.settings.dfi_databits * phy.settings.nphases // 8
    return MemoryImage(tuple(f"{build_name}_sdram_bank{i}.init" for i in range(len(banks))), size, word_bytes,
                       row_bytes)


def sdram_model_placeholder(module, databits: int) -> list[int]:
    """32-bit words that give every bank of an ``SDRAMPHYModel`` of ``module`` an init file (its first row)."""
    geometry = module.geom_settings
    row_bytes = databits // 8 * 2 ** geometry.colbits
    return [0] * (2 ** geometry.bankbits * row_bytes // 4)


def write_images(images: dict[str, MemoryImage], path: Path) -> None:
    """Write ``images`` (by memory name) as JSON, for :func:`read_images`."""
    write_atomic(path, json.dumps({name: asdict(image) for name, image in images.items()}, indent=1))


def read_images(path: Path) -> dict[str, MemoryImage]:
    """The images :func:`write_images` wrote to ``path``."""
    return {name: MemoryImage(tuple(fields.pop("files")), **fields)
            for name, fields in json.loads(Path(path).read_text()).items()}
