"""Programming commands, board detection without a board, Fomu DFU images and Vivado report parsing."""

import shutil
import subprocess
from pathlib import Path

import pytest

from cfu.cli import main
from cfu.errors import CfuError
from cfu.fpga.dfu import BITSTREAM_SLOT, add_dfu_suffix, flash_image
from cfu.fpga.program import check_board, program_command
from cfu.fpga.xilinx import read_vivado_utilization, read_vivado_wns


@pytest.mark.parametrize("target, argv", [
    ("kosagi_fomu", ["dfu-util", "-d", "1209:5bf0", "-D", "img.dfu"]),
    ("radiona_ulx3s", ["openFPGALoader", "-b", "ulx3s", "img.dfu"]),
    ("digilent_arty", ["openFPGALoader", "-b", "arty", "img.dfu"]),
])
def test_program_command_argv(target, argv):
    assert program_command(target, Path("img.dfu")).argv == argv


def test_unknown_board_has_no_programmer():
    with pytest.raises(CfuError, match="unknown board 'sim'; known boards: digilent_arty, kosagi_fomu, radiona_ulx3s"):
        program_command("sim", Path("x"))


@pytest.mark.skipif(not shutil.which("openFPGALoader"), reason="openFPGALoader not installed")
def test_no_arty_names_the_cable():
    with pytest.raises(CfuError, match=r"no board found: looked for an openFPGALoader board 'arty'"):
        check_board(program_command("digilent_arty", Path("x.bit")))


@pytest.mark.skipif(not shutil.which("dfu-util"), reason="dfu-util not installed")
def test_no_fomu_names_the_usb_id():
    with pytest.raises(CfuError, match=r"looked for a Fomu in its DFU bootloader \(USB 1209:5bf0"):
        check_board(program_command("kosagi_fomu", Path("x.dfu")))


def test_missing_programmer_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CfuError, match="dfu-util not found; to get it: apt-get install dfu-util"):
        check_board(program_command("kosagi_fomu", Path("x.dfu")))


def test_flash_image_puts_boot_code_after_the_bitstream_slot():
    image = flash_image(b"\x7e\xaa" * 10, b"BOOT")
    assert len(image) == BITSTREAM_SLOT + 4
    assert image[:20] == b"\x7e\xaa" * 10 and set(image[20:BITSTREAM_SLOT]) == {0xFF}
    assert image[BITSTREAM_SLOT:] == b"BOOT"
    assert flash_image(b"bits") == b"bits"
    with pytest.raises(ValueError, match="exceeds"):
        flash_image(bytes(BITSTREAM_SLOT + 1))


@pytest.mark.skipif(not shutil.which("dfu-suffix"), reason="dfu-suffix (dfu-util) not installed")
def test_dfu_suffix_is_accepted_by_dfu_suffix(tmp_path):
    path = tmp_path / "image.dfu"
    path.write_bytes(add_dfu_suffix(bytes(range(256)) * 40))
    checked = subprocess.run(["dfu-suffix", "-c", path], capture_output=True, text=True)
    assert checked.returncode == 0 and "Vendor ID:\t0x1209" in checked.stdout, checked.stdout + checked.stderr
    corrupt = bytearray(path.read_bytes())
    corrupt[5] ^= 1
    path.write_bytes(corrupt)
    assert subprocess.run(["dfu-suffix", "-c", path], capture_output=True).returncode != 0, "CRC must cover the data"


# Excerpts in the layout of Vivado 2023 report_utilization / report_timing_summary (not from a real run:
# Vivado is not installed here).
UTILIZATION = """\
+-------------------------+------+-------+------------+-----------+-------+
|        Site Type        | Used | Fixed | Prohibited | Available | Util% |
+-------------------------+------+-------+------------+-----------+-------+
| Slice LUTs              | 4321 |     0 |          0 |     20800 | 20.77 |
|   LUT as Logic          | 4100 |     0 |          0 |     20800 | 19.71 |
| Slice Registers         | 3456 |     0 |          0 |     41600 |  8.31 |
| Block RAM Tile          | 12.5 |     0 |          0 |        50 | 25.00 |
| DSPs                    |    4 |     0 |          0 |        90 |  4.44 |
"""
TIMING = """\
------------------------------------------------------------------------------------------------
| Design Timing Summary
| ---------------------
------------------------------------------------------------------------------------------------

    WNS(ns)      TNS(ns)  TNS Failing Endpoints  TNS Total Endpoints      WHS(ns)
    -------      -------  ---------------------  -------------------      -------
     -0.250       -3.100                     20                12000        0.050
"""


def test_vivado_reports(tmp_path):
    (tmp_path / "u.rpt").write_text(UTILIZATION)
    (tmp_path / "t.rpt").write_text(TIMING)
    usage = read_vivado_utilization(tmp_path / "u.rpt", {})
    assert [(usage[k].used, usage[k].available) for k in ("logic", "ff", "bram", "dsp")] == \
        [(4321, 20800), (3456, 41600), (12.5, 50), (4, 90)]
    assert read_vivado_wns(tmp_path / "t.rpt") == -0.25


def test_bitstream_command_rejects_unknown_target_and_cpu(capsys):
    assert main(["bitstream", "--proj", "proj_template", "--target", "nexys"]) == 2
    err = capsys.readouterr().err
    assert "unknown board 'nexys'; known boards: digilent_arty, kosagi_fomu, radiona_ulx3s" in err
    assert main(["bitstream", "--proj", "proj_template", "--target", "arty", "--cpu", "picorv32"]) == 2
    assert "CPU 'picorv32' is not available on digilent_arty; choose one of vexriscv" in capsys.readouterr().err
