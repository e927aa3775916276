"""One home per board: each board's facts live in its file under soc/boards, and a new board is one new file."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from project_copies import copy_project

from cfu.cli import main
from cfu.errors import CfuError
from soc.boards import all_boards, board_names, get_board
from soc.targets import soc_factory

REPO = Path(__file__).resolve().parents[1]

#: Paths that may name any board: documentation and tests.
ANY_BOARD_ALLOWED = re.compile(r"^(docs/|tests/|proj/[^/]+/tests/)|\.md$")

#: A fourth board, written as a user would: an Arty A7-100T-like board with its own clock, memory, port and cable.
NEW_BOARD = '''"""Acme A7-100T: a hypothetical board, to show that a board is one file."""

from pathlib import Path

from litex.build.generic_platform import IOStandard, Pins, Subsignal
from litex.build.xilinx import XilinxPlatform
from litex.soc.cores.clock import S7PLL

from soc.board import ROLES, VEXRISCV, Board, Device, MemoryRegion, OpenFpgaLoader
from soc.crg import PllCrg
from soc.soc import CfuSoC

_IO = [
    ("clk100", 0, Pins("E3"), IOStandard("LVCMOS33")),
    ("serial", 0, Subsignal("tx", Pins("D10")), Subsignal("rx", Pins("A9")), IOStandard("LVCMOS33")),
]


def make_soc(cfu_verilog: Path, cpu: str = VEXRISCV, gateware_dir: Path | None = None) -> CfuSoC:
    platform = XilinxPlatform("xc7a100tcsg324-1", list(_IO), toolchain="vivado")
    crg = PllCrg(S7PLL(speedgrade=-1), platform.request("clk100"), 100e6, 50_000_000)
    soc = CfuSoC(platform, 50_000_000, cfu_verilog, rom_size=32 * 1024, reset_address=0)
    soc.crg = crg
    soc.add_integrated_main_ram(192 * 1024)
    return soc


BOARD = Board(
    name="acme_a7_100t", title="Acme A7", aliases=("acme",),
    device=Device("xilinx", "xc7a100tcsg324-1", "xc7a100tcsg324-1", "csg324", "LUT", "LUT",
                  {"logic": 63400, "ff": 126800, "bram": 135, "dsp": 240, "spram": 0}),
    sys_clk_freq=50_000_000, main_ram_size=192 * 1024, rom_size=32 * 1024,
    serial_port="/dev/ttyACME0", programmer=OpenFpgaLoader("acme_cable"), make_soc=make_soc,
    memory=(MemoryRegion("main_ram", 192 * 1024, ROLES, "block RAM"),),
)
'''


def _board_words() -> dict[str, list[re.Pattern]]:
    """Per board, what names it: its name anywhere, its aliases as quoted strings (an alias that is also an FPGA
    family's name, like ``ecp5``, is the family's word too and is not checked)."""
    families = {board.device.family for board in all_boards()}
    return {board.name: [re.compile(rf"\b{board.name}\b"),
                         *(re.compile(rf"[\"']{alias}[\"']") for alias in board.aliases if alias not in families)]
            for board in all_boards()}


def test_no_board_is_named_outside_its_file():
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    found = []
    for rel in files:
        path = REPO / rel
        if ANY_BOARD_ALLOWED.search(rel) or not path.is_file():
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        for board, patterns in _board_words().items():
            if rel == f"soc/boards/{board}.py":
                continue
            found += [f"{rel}: {pattern.pattern}" for pattern in patterns if pattern.search(text)]
    assert found == [], "board names outside their board file (read the board's description instead)"


def test_every_board_file_describes_the_board_it_is_named_after():
    assert [board.name for board in all_boards()] == board_names() == ["digilent_arty", "kosagi_fomu",
                                                                       "radiona_ulx3s"]
    assert get_board("fomu") is get_board("kosagi_fomu")


@pytest.mark.parametrize("name", board_names())
def test_the_soc_has_the_boards_clock_and_memory(name, tmp_path):
    board = get_board(name)
    soc = soc_factory(name)(REPO / "soc" / "rtl" / "cfu_null.v")
    assert soc.sys_clk_freq == board.sys_clk_freq
    assert soc.bus.regions["main_ram"].size == board.main_ram_size
    assert soc.bus.regions.get("rom", None) is None or soc.bus.regions["rom"].size == board.rom_size


def test_unknown_board_is_one_line_naming_the_known_ones(capsys):
    with pytest.raises(CfuError) as error:
        get_board("nexys")
    assert str(error.value) == ("unknown board 'nexys'; known boards: digilent_arty, kosagi_fomu, radiona_ulx3s "
                                "(aliases: arty, ecp5, fomu, ulx3s; the simulator is 'make sim')")
    assert main(["load", "--proj", "proj_template", "--target", "nexys"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.endswith(str(error.value))


def _cfu(args: list[str], soc_copy: Path) -> subprocess.CompletedProcess:
    """``cfu args`` with ``soc_copy``'s ``soc`` package in place of the checkout's."""
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "PYTHONPATH": str(soc_copy), "HOME": str(soc_copy),
           "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "cfu.cli", *args], capture_output=True, text=True, env=env,
                          cwd=soc_copy, timeout=600)


def test_a_new_board_is_one_file(tmp_path):
    shutil.copytree(REPO / "soc", tmp_path / "soc", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "soc" / "boards" / "acme_a7_100t.py").write_text(NEW_BOARD)
    project = copy_project("proj_template", tmp_path / "proj")

    listed = _cfu(["bitstream", "--help"], tmp_path)
    assert "acme_a7_100t, digilent_arty, kosagi_fomu, radiona_ulx3s" in listed.stdout, listed.stderr
    unknown = _cfu(["load", "--proj", str(project.root), "--target", "nexys"], tmp_path)
    assert "known boards: acme_a7_100t, digilent_arty" in unknown.stderr

    built = _cfu(["firmware", "--proj", str(project.root), "--target", "acme"], tmp_path)
    assert built.returncode == 0, built.stderr
    generated = project.build_dir / "firmware" / "acme_a7_100t-soc" / "generated"
    assert "#define MAIN_RAM_SIZE 0x00030000" in (generated / "mem.h").read_text()
    assert "#define CONFIG_CLOCK_FREQUENCY 50000000" in (generated / "soc.h").read_text()
    assert (project.build_dir / "firmware" / "acme_a7_100t" / "firmware.bin").is_file()

    no_bitstream = _cfu(["load", "--proj", str(project.root), "--target", "acme"], tmp_path)
    assert ("no bitstream for acme_a7_100t: build it first: "
            f"make PROJ={project.root} TARGET=acme_a7_100t bitstream") in no_bitstream.stderr
    (project.build_dir / "acme_a7_100t").mkdir()
    (project.build_dir / "acme_a7_100t" / "resources.json").write_text(json.dumps({"outputs": {}}))
    vivado = _cfu(["load", "--proj", str(project.root), "--target", "acme"], tmp_path)
    assert "the last acme_a7_100t build made no bitstream (on Acme A7 a bitstream needs Vivado)" in vivado.stderr
    port = _cfu(["load", "--proj", str(project.root), "--target", "acme", "--no-program"], tmp_path)
    assert "no board found at /dev/ttyACME0 (acme_a7_100t)" in port.stderr


def test_the_fomu_picorv32_soc_leaves_later_socs_interrupts_alone(tmp_path):
    """LiteX files PicoRV32's reserved interrupts where every CPU class sees them; the Fomu board takes them back."""
    from soc.boards.kosagi_fomu import FomuPicoSoC
    from soc.targets.sim import SimSoC

    fomu = FomuPicoSoC(REPO / "soc" / "rtl" / "cfu_null.v", tmp_path)
    assert fomu.irq.locs["uart"] == 3  # after PicoRV32's timer, ebreak and bus error
    assert dict(SimSoC(REPO / "soc" / "rtl" / "cfu_null.v", boot="bios").irq.locs) == {"uart": 0, "timer0": 1}
