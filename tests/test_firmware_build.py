"""Firmware build: rv32im output, overrides (replace, add, never linger), incremental rebuilds, symbols."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from project_copies import copy_project

from cfu.errors import CfuError
from cfu.fwbuild import build_firmware, describe_trap, symbolize
from cfu.fwbuild.build import FIRMWARE_DIR
from cfu.project import Project

READELF = "riscv64-unknown-elf-readelf"


def copy_template(tmp_path: Path, name: str = "proj_fw") -> Project:
    return copy_project("proj_template", tmp_path, name)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return copy_template(tmp_path_factory.mktemp("fw"))


@pytest.fixture(scope="module")
def image(project):
    return build_firmware(project)


def _symbols(elf: Path) -> dict[str, int]:
    out = subprocess.run(["riscv64-unknown-elf-nm", str(elf)], capture_output=True, text=True, check=True).stdout
    return {parts[2]: int(parts[0], 16) for parts in (line.split() for line in out.splitlines()) if len(parts) == 3}


def test_image_is_rv32im_linked_at_main_ram(image):
    header = subprocess.run([READELF, "-h", "-A", str(image.elf)], capture_output=True, text=True, check=True).stdout
    assert "ELF32" in header and "RISC-V" in header
    assert "Entry point address:               0x40000000" in header
    assert "rv32i2p1_m2p0_zicsr" in header.replace("_zmmul1p0", "")  # no A, C, F or D
    assert _symbols(image.elf)["_start"] == 0x4000_0000
    # picolibc and libgcc come from the rv32im/ilp32 multilib, not the rv64 default.
    libs = [line for line in image.map.read_text().splitlines() if "libc.a(" in line or "libgcc.a(" in line]
    assert libs and all("rv32im/ilp32" in line for line in libs)


def test_bin_is_the_loaded_memory_image(image):
    binary = image.bin.read_bytes()
    symbols = _symbols(image.elf)
    assert len(binary) == symbols["__image_end"] - 0x4000_0000
    # The first word is _start's first instruction (auipc gp, ...).
    assert binary[0] & 0x7F == 0x17


def test_cfu_enable_is_a_read_modify_write(image):
    dump = subprocess.run(["riscv64-unknown-elf-objdump", "-d", str(image.elf)], capture_output=True, text=True,
                          check=True).stdout
    accesses = [line for line in dump.splitlines() if "0xbc0" in line]
    assert any("csrs\t0xbc0" in line for line in accesses), "the CFU enable bit must be set with csrs"
    assert not any("csrw\t0xbc0" in line for line in accesses), "nothing may write CSR 0xBC0 whole"


def test_symbolize_names_functions(image):
    main = _symbols(image.elf)["main"]
    assert symbolize(image.elf, main).startswith("main (main.c")
    output = f"~~trap mcause=0x00000002 mepc=0x{main + 4:08x} mtval=0x00000000 insn=0x0000000b ra=0x{main:08x}~~"
    assert "in main (main.c" in describe_trap(image.elf, output)


def test_override_replaces_and_never_lingers(tmp_path):
    project = copy_template(tmp_path)
    first = build_firmware(project, menu_script="")
    assert "CFU firmware" in first.bin.read_bytes().decode("latin-1")

    override = project.root / "src" / "app" / "main.c"
    override.parent.mkdir()
    override.write_text('#include <stdio.h>\nint main(void) { puts("override of main.c"); return 42; }\n')
    overridden = build_firmware(project, menu_script="")
    text = overridden.bin.read_bytes().decode("latin-1")
    assert "override of main.c" in text and "CFU firmware" not in text

    shutil.rmtree(override.parent)
    restored = build_firmware(project, menu_script="")
    text = restored.bin.read_bytes().decode("latin-1")
    assert "CFU firmware" in text and "override of main.c" not in text
    assert not (restored.build_dir / "obj" / "proj" / "app" / "main.c.o").exists()


def test_extra_project_files_are_added(tmp_path):
    project = copy_template(tmp_path)
    (project.root / "src" / "hello_item.c").write_text(
        '#include <stdio.h>\n#include "menu.h"\n'
        'static int hello(void) { printf("hello from an added file\\n"); return 0; }\n'
        "MENU_ITEM(zz_hello, 'H', \"say hello\", MENU_MANUAL, hello);\n")
    image = build_firmware(project)
    assert "hello from an added file" in image.bin.read_bytes().decode("latin-1")


def test_header_override_rebuilds_users_of_the_header(tmp_path):
    project = copy_template(tmp_path)
    image = build_firmware(project)
    menu_object = image.build_dir / "obj" / "firmware" / "app" / "menu.c.o"
    before = menu_object.stat().st_mtime_ns
    header = project.root / "src" / "include" / "menu.h"
    header.parent.mkdir()
    header.write_text((FIRMWARE_DIR / "include" / "menu.h").read_text())
    build_firmware(project)
    assert menu_object.stat().st_mtime_ns != before
    deps = Path(str(menu_object) + ".d").read_text()
    assert str(header) in deps and str(FIRMWARE_DIR / "include" / "menu.h") not in deps


def test_including_a_replaced_header_from_its_own_folder_is_an_error(tmp_path, monkeypatch):
    firmware = tmp_path / "firmware"
    shutil.copytree(FIRMWARE_DIR, firmware)
    (firmware / "app" / "local.h").write_text("#define LOCAL 1\n")
    (firmware / "app" / "local_user.c").write_text('#include "local.h"\nint local_user(void) { return LOCAL; }\n')
    monkeypatch.setattr("cfu.fwbuild.build.FIRMWARE_DIR", firmware)
    project = copy_template(tmp_path)
    build_firmware(project)
    (project.root / "src" / "app").mkdir()
    (project.root / "src" / "app" / "local.h").write_text("#define LOCAL 2\n")
    with pytest.raises(CfuError, match=r"local_user.c includes firmware/app/local.h.*#include \"app/local.h\""):
        build_firmware(project)
    (firmware / "app" / "local_user.c").write_text('#include "app/local.h"\nint local_user(void) { return LOCAL; }\n')
    build_firmware(project)


def test_incremental_rebuild_compiles_only_the_changed_file(tmp_path):
    project = copy_template(tmp_path)
    image = build_firmware(project)
    objects = {p: p.stat().st_mtime_ns for p in (image.build_dir / "obj").rglob("*.o")}
    emulation = project.root / "src" / "software_cfu.c"
    emulation.write_text(emulation.read_text() + "\n// touched\n")
    again = build_firmware(project)
    changed = {p for p, mtime in objects.items() if p.stat().st_mtime_ns != mtime}
    assert changed == {image.build_dir / "obj" / "proj" / "software_cfu.c.o"}
    assert again.elf.stat().st_mtime_ns >= image.elf.stat().st_mtime_ns


def test_compile_error_is_a_cfu_error_with_the_message(tmp_path):
    project = copy_template(tmp_path)
    (project.root / "src" / "broken.c").write_text("int broken(void) { return undeclared_thing; }\n")
    with pytest.raises(CfuError, match="undeclared_thing"):
        build_firmware(project)


def test_sw_only_calls_the_emulation_instead_of_the_cfu(tmp_path):
    project = copy_template(tmp_path)
    (project.root / "src" / "use_cfu.c").write_text(
        '#include "cfu.h"\nuint32_t use_cfu(uint32_t a, uint32_t b) { return cfu_op0(1, a, b); }\n'
        '#include "menu.h"\nstatic int run(void) { return (int)use_cfu(3, 1); }\n'
        "MENU_ITEM(zz_use, 'u', \"use\", MENU_MANUAL, run);\n")
    hw = build_firmware(project)
    sw = build_firmware(project, sw_only=True)
    assert hw.build_dir != sw.build_dir

    def undefined(image):
        obj = image.build_dir / "obj" / "proj" / "use_cfu.c.o"
        return subprocess.run(["riscv64-unknown-elf-nm", "-u", str(obj)], capture_output=True, text=True,
                              check=True).stdout

    assert "software_cfu" not in undefined(hw)
    assert "software_cfu" in undefined(sw)


def test_cli_builds_the_firmware(tmp_path):
    project = copy_template(tmp_path, "cli")
    status = subprocess.run([sys.executable, "-m", "cfu.cli", "firmware", "--proj", str(project.root), "--sw-only"],
                            capture_output=True, text=True)
    assert status.returncode == 0, status.stderr
    assert "cfu firmware:" in status.stdout
    assert (project.build_dir / "firmware" / "sim-sw-only" / "firmware.bin").is_file()


def test_cli_reports_an_unknown_project(tmp_path):
    status = subprocess.run([sys.executable, "-m", "cfu.cli", "firmware", "--proj", str(tmp_path / "nope")],
                            capture_output=True, text=True)
    assert status.returncode == 2 and "cfu firmware: error: no project" in status.stderr
