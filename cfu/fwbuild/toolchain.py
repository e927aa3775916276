"""The RISC-V cross toolchain (Debian's ``gcc-riscv64-unknown-elf`` + picolibc) and its flags."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from cfu.errors import CfuError

PREFIX = "riscv64-unknown-elf-"

#: Compiling needs Zicsr spelled out (GCC 12 follows ISA spec 20191213, where CSR instructions left the base ISA).
COMPILE_ARCH = ("-march=rv32im_zicsr", "-mabi=ilp32")
#: Linking must name plain rv32im: GCC picks the multilib (picolibc, libgcc) by matching -march literally,
#: and "rv32im_zicsr" matches none, silently falling back to the default rv64 libraries.
LINK_ARCH = ("-march=rv32im", "-mabi=ilp32")

C_FLAGS = (
    *COMPILE_ARCH, "--specs=picolibc.specs", "-std=c11", "-O2", "-g",
    "-ffunction-sections", "-fdata-sections", "-fno-common",
    "-Wall", "-Wextra", "-Wno-unused-parameter", "-Werror=implicit-function-declaration",
)
ASM_FLAGS = (*COMPILE_ARCH, "--specs=picolibc.specs", "-g")
LINK_FLAGS = (
    *LINK_ARCH, "--specs=picolibc.specs", "-nostartfiles",
    # picolibc's printf without floating point: a fraction of the size of the default one.
    "-DPICOLIBC_INTEGER_PRINTF_SCANF",
    "-Wl,--gc-sections",
    # One RAM holds code and data by design (flat image in main_ram).
    "-Wl,--no-warn-rwx-segments",
)

_DEBIAN_PACKAGES = "gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf binutils-riscv64-unknown-elf"


@dataclass(frozen=True)
class Toolchain:
    """Paths of the tools a firmware build runs."""

    cc: str
    objcopy: str
    nm: str
    addr2line: str
    ninja: str

    @classmethod
    def find(cls) -> "Toolchain":
        """Locate the tools on PATH, or raise :class:`CfuError` saying how to install them."""
        tools = {"cc": PREFIX + "gcc", "objcopy": PREFIX + "objcopy", "nm": PREFIX + "nm",
                 "addr2line": PREFIX + "addr2line", "ninja": "ninja"}
        found = {key: shutil.which(name) for key, name in tools.items()}
        missing = [tools[key] for key, path in found.items() if path is None]
        if missing:
            raise CfuError(f"firmware build needs {', '.join(missing)} (not on PATH): run `bash scripts/setup.sh` "
                           f"or `sudo apt-get install {_DEBIAN_PACKAGES} ninja-build`")
        return cls(**found)
