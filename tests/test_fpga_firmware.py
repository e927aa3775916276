"""Fomu firmware: built for the PicoRV32 SoC that ``cfu bitstream --target kosagi_fomu`` makes.

PicoRV32 (IRQs off) halts on any CSR it lacks: the image may read only cycle/cycleh, never mcycle or
VexRiscv's CSR 0xBC0, and must be linked at that SoC's main RAM with its CSR map.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from project_copies import copy_project

from cfu.cli import main
from cfu.fpga.socgen import write_board_headers
from cfu.fwbuild import build_firmware
from soc.boards import get_board
from soc.boards.kosagi_fomu import BIOS_SRAM_SIZE, MAIN_RAM_SIZE
from soc.generated import soc_cpu
from soc.soc import MAIN_RAM_BASE


OBJDUMP = "riscv64-unknown-elf-objdump"
#: The CSRs PicoRV32 has with ENABLE_COUNTERS(64), all read-only (csrrs rd, csr, zero).
PICORV32_CSRS = {"cycle", "cycleh", "time", "timeh", "instret", "instreth"}


@pytest.fixture(scope="module")
def fomu_headers(tmp_path_factory) -> Path:
    """The headers of the SoC ``cfu bitstream --target kosagi_fomu`` builds."""
    return write_board_headers(get_board("kosagi_fomu"), "picorv32", tmp_path_factory.mktemp("fomu-soc"))


@pytest.fixture(scope="module")
def image(tmp_path_factory, fomu_headers):
    return build_firmware(copy_project("proj_template", tmp_path_factory.mktemp("fomu"), "proj_fomu"),
                          target="kosagi_fomu", soc_headers=fomu_headers)


def _symbols(elf: Path) -> dict[str, int]:
    out = subprocess.run(["riscv64-unknown-elf-nm", str(elf)], capture_output=True, text=True, check=True).stdout
    return {parts[2]: int(parts[0], 16) for parts in (line.split() for line in out.splitlines()) if len(parts) == 3}


def test_cfu_firmware_builds_for_the_fomus_picorv32(tmp_path):
    project = copy_project("proj_template", tmp_path)
    assert main(["firmware", "--proj", str(project.root), "--target", "fomu"]) == 0
    assert soc_cpu(project.build_dir / "firmware" / "kosagi_fomu-soc" / "generated") == "picorv32"
    assert (project.build_dir / "firmware" / "kosagi_fomu" / "firmware.bin").is_file()


def test_headers_are_the_picorv32_socs(fomu_headers):
    generated = fomu_headers
    assert "#define CONFIG_CPU_TYPE_PICORV32" in (generated / "soc.h").read_text()
    assert "CSR_SPIFLASH" in (generated / "csr.h").read_text()  # only the PicoRV32 SoC has the flash
    regions = (generated / "regions.ld").read_text()
    assert f"main_ram : ORIGIN = 0x{MAIN_RAM_BASE:08x}, LENGTH = 0x{MAIN_RAM_SIZE - BIOS_SRAM_SIZE:08x}" in regions


def test_linked_at_main_ram_and_fits_beside_the_bios(image):
    symbols = _symbols(image.elf)
    assert symbols["_start"] == MAIN_RAM_BASE
    assert symbols["__image_end"] <= MAIN_RAM_BASE + MAIN_RAM_SIZE - BIOS_SRAM_SIZE


def test_no_csr_picorv32_lacks(image):
    disassembly = subprocess.run([OBJDUMP, "-d", "-M", "no-aliases", str(image.elf)],
                                 capture_output=True, text=True, check=True).stdout
    # Every CSR instruction, as (csr, source): unknown CSRs print as numbers (0xbc0).
    csr_ops = set(re.findall(r"\scsrr[wsc]i?\s+\w+,(\w+),(\w+)", disassembly))
    assert ("cycle", "zero") in csr_ops and ("cycleh", "zero") in csr_ops
    assert csr_ops <= {(csr, "zero") for csr in PICORV32_CSRS}, sorted(csr_ops)
    assert not re.search(r"mcycle|0xbc0|mtvec|mscratch", disassembly)


def test_load_without_a_fomu_says_so(image, capsys, tmp_path):
    if shutil.which("dfu-util") is None:
        pytest.skip("dfu-util not installed")
    project = image.build_dir.parents[2]  # the fixture's own project: no other build can leave state here
    load = ["load", "--proj", str(project), "--target", "kosagi_fomu"]
    # With no bitstream build it says to make one ...
    assert main(load) == 2
    assert "no bitstream for kosagi_fomu: build it first" in capsys.readouterr().err
    # ... with one, that no serial adapter is there for the firmware ...
    report = project / "build" / "kosagi_fomu" / "resources.json"
    report.parent.mkdir(parents=True)
    report.write_text(json.dumps({"outputs": {"dfu": str(image.bin)}}))
    assert main([*load, "--port", str(tmp_path / "ttyUSB0")]) == 2
    assert f"no board found at {tmp_path / 'ttyUSB0'} (kosagi_fomu)" in capsys.readouterr().err
    # ... and, with a serial line there, that no Fomu waits in its bootloader to be programmed.
    assert main([*load, "--port", "socket://127.0.0.1:9"]) == 2
    assert "no board found: looked for a Fomu in its DFU bootloader" in capsys.readouterr().err


#: Menu item 'p': one CFU instruction (funct3 0 of cfu_latency.v adds) timed with perf.h's counter.
PROBE_C = r"""
#include <stdio.h>

#include "cfu.h"
#include "menu.h"
#include "perf.h"

static int probe(void) {
  uint64_t start = perf_get_mcycle64();
  uint32_t sum = cfu_op0(0, 12, 30);
  uint64_t cycles = perf_get_mcycle64() - start;
  printf("probe: cfu %lu, %llu cycles\n", (unsigned long)sum, (unsigned long long)cycles);
  return sum == 42 ? 0 : 1;
}
MENU_ITEM(z_probe, 'p', "probe", MENU_MANUAL, probe);
"""


@pytest.mark.skipif(not all(shutil.which(t) for t in ("iverilog", "vvp")), reason="needs iverilog (scripts/setup.sh)")
def test_runs_on_picorv32_with_the_pcpi_bridge(tmp_path, fomu_headers):
    """A real Fomu image on PicoRV32 + bridge (Icarus, tests/data/pcpi_tb.v) with a test CFU (cfu_latency.v):
    start-up, console, menu, a CFU instruction, the cycle counter and the exit."""
    from pythondata_cpu_picorv32 import data_location as picorv32_dir

    from cfu.fpga.pcpi_bridge import write_bridge_verilog

    probe = tmp_path / "probe.c"
    probe.write_text(PROBE_C)
    image = build_firmware(copy_project("proj_template", tmp_path, "proj_fomu_run"), target="kosagi_fomu",
                           menu_script="?pq", extra_sources=[probe], soc_headers=fomu_headers)
    data = image.bin.read_bytes()
    data += bytes(-len(data) % 4)
    hexfile = tmp_path / "fw.hex"
    hexfile.write_text("\n".join(f"{int.from_bytes(data[i:i + 4], 'little'):08x}" for i in range(0, len(data), 4)))
    csr = (fomu_headers / "csr.h").read_text()
    uart = int(re.search(r"#define CSR_UART_BASE \(CSR_BASE \+ (0x[0-9a-f]+)L\)", csr)[1], 16)
    uart += int(re.search(r"#define CSR_BASE (0x[0-9a-f]+)L", csr)[1], 16)
    data_dir = Path(__file__).parent / "data"
    sim = tmp_path / "tb.vvp"
    subprocess.run(["iverilog", "-g2012", "-DLATENCY=1", f'-DPROGRAM="{hexfile}"', f"-DMEM_BASE=32'h{MAIN_RAM_BASE:x}",
                    f"-DMEM_WORDS={(MAIN_RAM_SIZE - BIOS_SRAM_SIZE) // 4}", f"-DUART_BASE=32'h{uart:x}",
                    "-DMAX_CYCLES=2000000", "-o", sim, data_dir / "pcpi_tb.v", Path(picorv32_dir) / "picorv32.v",
                    write_bridge_verilog(tmp_path / "pcpi_cfu_bridge.v"), data_dir / "cfu_latency.v"], check=True)
    out = subprocess.run(["vvp", "-n", sim], capture_output=True, text=True, check=True).stdout
    assert "TRAP" not in out and "TIMEOUT" not in out, out[-2000:]
    assert "q  quit" in out and "~~exit 0~~\n\nSPIN" in out, out[-2000:]
    probed = re.search(r"probe: cfu 42, (\d+) cycles", out)
    assert probed and 0 < int(probed[1]) < 1000, out[-2000:]
