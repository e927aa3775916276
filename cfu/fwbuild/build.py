"""Build a project's firmware: sources, generated headers, ``build.ninja``, then ninja."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from cfu.errors import CfuError
from cfu.paths import FIRMWARE_DIR
from cfu.project import Project
from soc.board import ARENA, find_region
from soc.generated import soc_cpu

from ..files import write_if_changed
from .fit import fit_error
from .layout import layout_script, target_memory
from .ninja import NinjaBuild
from .selftest import render_spec_header
from .sources import collect_sources, include_dirs, overridden_headers
from .toolchain import ASM_FLAGS, C_FLAGS, LINK_FLAGS, Toolchain

#: Satisfies the ``#include <system.h>`` in LiteX's generated csr.h without LiteX's libbase.
LITEX_COMPAT_DIR = FIRMWARE_DIR / "runtime" / "litex_compat"
LINKER_SCRIPT = FIRMWARE_DIR / "runtime" / "link.ld"
#: Key script of simulation builds: 'a' runs every MENU_AUTO command (the CFU test first), then the
#: firmware exits with the first failure's status.
SIM_MENU_SCRIPT = "a"
#: The model alone ('m'), for a CPU too slow for the CFU test: it checks each instruction against its C emulation
#: running on the CPU, some 100 M cycles on the Fomu's PicoRV32 (``make PROJ=p test`` checks them instead).
MODEL_MENU_SCRIPT = "m"
#: The CPUs simulated with :data:`MODEL_MENU_SCRIPT`.
SLOW_CPUS = ("picorv32",)
_DEFAULT = object()
#: Macros telling the firmware which CPU it runs on (LiteX's own; gcc defines nothing per core).
CPU_DEFINES = {"picorv32": {"__picorv32__": "1"}}
#: Code generation for a CPU: the Fomu's PicoRV32 has no divider (GCC calls libgcc for divisions instead)...
CPU_FLAGS = {"picorv32": ("-mno-div",)}
#: ... and links the libraries (picolibc, libgcc) built for rv32i, which divide (and multiply) in software. Its
#: SoC (the Fomu's) has 112 KiB for firmware: 8 KiB of stack instead of link.ld's 64 (the kernels need about 2).
CPU_LINK_FLAGS = {"picorv32": ("-march=rv32i", "-Wl,--defsym=__stack_size=0x2000")}


@dataclass(frozen=True)
class FirmwareImage:
    """The outputs of a build."""

    elf: Path
    bin: Path
    map: Path
    symbols: Path
    build_dir: Path
    seconds: float = 0.0


@dataclass(frozen=True)
class FirmwareBuild:
    """What to build.

    Parameters
    ----------
    project : Project
        Whose ``src/`` overrides ``firmware/`` and whose CFU the on-target test checks.
    target : str
        SoC target (``sim`` or a board of ``soc/boards``): its generated headers and memory map are built against.
    sw_only : bool
        Define ``SW_ONLY``: CFU intrinsics call the C emulation.
    menu_script : str or None
        Keys the menu presses by itself; ``None`` for an interactive menu. Default: ``"a"`` on ``sim``.
    extra_sources, extra_include_dirs : tuple of Path
        More C files and ``-I`` directories (e.g. generated model code), after the project's.
    defines : dict
        Extra ``-D`` macros for every C file.
    soc_headers : Path or None
        A ``generated`` folder of LiteX headers (``csr.h``, ``soc.h``, ``mem.h``, ``regions.ld``) of the SoC the
        firmware runs on, from whoever elaborated it (the simulator's build, a board's SoC in ``cfu.fpga``); its
        files must keep their timestamps while unchanged (:func:`soc.generated.copy_headers`). None: made here from
        ``target``'s SoC (``soc.targets.soc_factory``).
    cfu : Cfu or VerilogCfu or None
        The project's CFU when the caller has made it already, so that ``cfu.py`` runs once.
    soc_variant : str
        Names another SoC of the same target (``"sim"``: a board's simulation SoC), whose firmware builds apart.
    """

    project: Project
    target: str = "sim"
    sw_only: bool = False
    menu_script: str | None = SIM_MENU_SCRIPT
    extra_sources: tuple[Path, ...] = ()
    extra_include_dirs: tuple[Path, ...] = ()
    defines: dict[str, str] = field(default_factory=dict)
    soc_headers: Path | None = None
    cfu: object = None
    soc_variant: str = ""

    @property
    def variant(self) -> str:
        return self.target + (f"-{self.soc_variant}" if self.soc_variant else "") + ("-sw-only" if self.sw_only else "")

    @property
    def build_dir(self) -> Path:
        return self.project.build_dir / "firmware" / self.variant


def build_firmware(project: Project, *, target: str = "sim", sw_only: bool = False, menu_script=_DEFAULT,
                   extra_sources=(), extra_include_dirs=(), defines: dict[str, str] | None = None,
                   soc_headers: Path | None = None, cfu=None, soc_variant: str = "",
                   verbose: bool = False) -> FirmwareImage:
    """Build the firmware of ``project`` for ``target``; see :class:`FirmwareBuild` for the parameters.

    Only what changed is rebuilt. Raises :class:`CfuError` with the compiler's messages on failure.
    """
    if menu_script is _DEFAULT:
        menu_script = SIM_MENU_SCRIPT if target == "sim" else None
    config = FirmwareBuild(project, target, sw_only, menu_script, tuple(Path(p) for p in extra_sources),
                           tuple(Path(p) for p in extra_include_dirs), dict(defines or {}), soc_headers, cfu,
                           soc_variant)
    return run_build(config, verbose=verbose)


def run_build(config: FirmwareBuild, *, verbose: bool = False) -> FirmwareImage:
    """Build ``config``; see :func:`build_firmware`."""
    start = time.monotonic()
    tools = Toolchain.find()
    out = config.build_dir
    out.mkdir(parents=True, exist_ok=True)
    src_dir = config.project.root / "src"
    override_dir = src_dir if src_dir.is_dir() else None

    generated = out / "generated"
    soc_headers = config.soc_headers or _target_headers(config.target, out / "soc")
    memory = target_memory(config.target)
    write_if_changed(generated / "layout.ld", layout_script(memory, config.target))
    write_if_changed(generated / "fw_config.h", _fw_config(config))
    cpu = soc_cpu(soc_headers)
    write_if_changed(generated / "cfu_selftest_spec.h", _selftest_spec(config.project, config.cfu, cpu))
    # Adding or removing a header override changes what an unchanged file includes: rebuild everything then.
    replaced = overridden_headers(FIRMWARE_DIR, override_dir)
    overrides_stamp = out / "overrides.stamp"
    write_if_changed(overrides_stamp, "".join(f"{rel.as_posix()}\n" for rel in replaced))

    sources = collect_sources(FIRMWARE_DIR, override_dir)
    for missing in [p for p in config.extra_sources if not p.is_file()]:
        raise CfuError(f"extra firmware source not found: {missing}")
    incs = [generated, *include_dirs(FIRMWARE_DIR, override_dir), *config.extra_include_dirs,
            LITEX_COMPAT_DIR, soc_headers.parent]
    cpu_flags = [*CPU_FLAGS.get(cpu, ()), *(f"-D{k}={v}" for k, v in CPU_DEFINES.get(cpu, {}).items())]
    defines = {**({"SW_ONLY": "1"} if config.sw_only else {}), **config.defines}
    c_flags = [*C_FLAGS, *(f"-I{d}" for d in incs), *cpu_flags, *(f"-D{k}={v}" for k, v in defines.items())]
    ninja = NinjaBuild(
        cc=tools.cc, objcopy=tools.objcopy, nm=tools.nm,
        c_flags=c_flags, asm_flags=[*ASM_FLAGS, *(f"-I{d}" for d in incs), *cpu_flags],
        link_flags=[*LINK_FLAGS, *CPU_LINK_FLAGS.get(cpu, ()), f"-L{soc_headers}", f"-L{generated}",
                    f"-T{LINKER_SCRIPT}"],
        compile_deps=[overrides_stamp],
        link_deps=[LINKER_SCRIPT, soc_headers / "regions.ld", generated / "layout.ld"],
    )
    obj = out / "obj"
    for source in sources:
        ninja.compiles.append((source.path, obj / source.object_name))
    for index, path in enumerate(config.extra_sources):
        ninja.compiles.append((path.resolve(), obj / f"extra{index}" / f"{path.name}.o"))

    image = FirmwareImage(out / "firmware.elf", out / "firmware.bin", out / "firmware.map",
                          out / "firmware.sym", out)
    if ninja.write(out / "build.ninja", image.elf, image.bin, image.map, image.symbols):
        # Objects of sources that left the build (a deleted override) are removed, not just ignored.
        _ninja(tools, out, ["-t", "cleandead"], verbose=False)
    try:
        _ninja(tools, out, [], verbose=verbose)
    except CfuError as error:
        arena = find_region(memory, ARENA, config.target).name
        too_big = fit_error(str(error), soc_headers / "regions.ld", image.map, config.target, arena)
        if too_big is None:
            raise
        for output in (image.elf, image.bin, image.map, image.symbols):  # no image of an earlier build stays
            output.unlink(missing_ok=True)
        raise too_big from None
    _check_override_includes(obj, override_dir, replaced)
    return FirmwareImage(image.elf, image.bin, image.map, image.symbols, out, time.monotonic() - start)


def _ninja(tools: Toolchain, build_dir: Path, args: list[str], verbose: bool) -> None:
    result = subprocess.run([tools.ninja, "-C", str(build_dir), *args], capture_output=True, text=True)
    if verbose or result.returncode != 0:
        text = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            raise CfuError(f"firmware build failed in {build_dir}:\n{text}")
        print(text)


def _target_headers(target: str, out_dir: Path) -> Path:
    """``out_dir/generated`` with the headers of ``target``'s SoC (``soc.targets.soc_factory``)."""
    from soc.headers import write_headers  # the SoC room; imported late because LiteX is slow to import

    return write_headers(target, out_dir)


def _fw_config(config: FirmwareBuild) -> str:
    lines = ["// Generated by cfu.fwbuild; do not edit.", "#ifndef FW_CONFIG_H_", "#define FW_CONFIG_H_",
             "// Every SoC of the toolkit has a CFU (VexRiscv full+cfu, or PicoRV32 with the CFU on PCPI).",
             "#define FW_HAVE_CFU 1"]
    if config.menu_script is not None:
        escaped = config.menu_script.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'#define FW_MENU_SCRIPT "{escaped}"')
    lines += ["#endif  // FW_CONFIG_H_", ""]
    return "\n".join(lines)


def _selftest_spec(project: Project, cfu, cpu: str) -> str:
    return render_spec_header((cfu or project.make_cfu(cpu)).specs(), f"{project.root.name}/cfu.py")


def _check_override_includes(obj_dir: Path, override_dir: Path | None, replaced: list[Path]) -> None:
    """Fail if some file still included a ``firmware/`` header the project replaces.

    That happens with ``#include "x.h"`` of a header in the including file's own folder: the compiler looks
    there first, before any ``-I``. Includes written relative to the firmware root do not have the problem.
    """
    if not replaced:
        return
    shadowed = {(FIRMWARE_DIR / rel).resolve(): rel for rel in replaced}
    for depfile in sorted(obj_dir.rglob("*.o.d")):
        deps = depfile.read_text().replace("\\\n", " ").split(":", 1)[-1].split()
        for dep in deps:
            rel = shadowed.get(Path(dep).resolve())
            if rel is not None:
                raise CfuError(
                    f"{depfile.name[:-4]} includes firmware/{rel.as_posix()}, which the project replaces with "
                    f"{override_dir / rel}: the include is found next to the including file first. Write it "
                    f"relative to firmware/ (e.g. #include \"{rel.as_posix()}\") so the override is used.")
