"""A model too large for a board: the firmware build names the memory region and the bytes missing."""

import re

import pytest
from project_copies import copy_project

from cfu.errors import CfuError
from cfu.fpga.socgen import write_board_headers
from cfu.fwbuild import build_firmware
from cfu.model.emit import write_c
from cfu.model.importer import import_model
from cfu.paths import REPO_ROOT
from cfu.profile.model_input import fixed_input, write_input_c
from soc.boards import get_board

MNV2 = REPO_ROOT / "proj" / "mnv2_first" / "model" / "mnv2_035_160_int8.tflite"
KWS = REPO_ROOT / "proj" / "kws_micro" / "model" / "ds_cnn_kws_int8.tflite"
#: link.ld's default stack size.
STACK = 64 * 1024


@pytest.fixture(scope="module")
def arty_headers(tmp_path_factory):
    board = get_board("digilent_arty")
    return write_board_headers(board, board.cpus[0], tmp_path_factory.mktemp("arty-soc"))


def _model_sources(model, out):
    sources = [p for p in write_c(model, out) if p.suffix == ".c"]
    return [*sources, write_input_c(fixed_input(model), out)]


def _build_too_large(model_path, tmp_path, arty_headers):
    """Build proj_template for the Arty, then with the model; return the board, model, image and error message."""
    board = get_board("digilent_arty")
    model = import_model(model_path, weights_budget=1 << 26)
    project = copy_project("proj_template", tmp_path)
    firmware = dict(target=board.name, soc_headers=arty_headers, menu_script=None)
    image = build_firmware(project, **firmware)  # without the model it fits, and leaves an image
    assert image.bin.is_file()
    with pytest.raises(CfuError) as error:
        build_firmware(project, **firmware, extra_sources=_model_sources(model, tmp_path / "model"),
                       extra_include_dirs=[tmp_path / "model"], defines={"FW_HAVE_MODEL": "1"})
    assert not any(p.exists() for p in (image.elf, image.bin, image.map, image.symbols)), "no stale image stays"
    return board, model, str(error.value)


def _bytes_short(message: str, board, stack: bool) -> int:
    assert "\n" not in message
    found = re.fullmatch(rf"the firmware does not fit the {board.name} SoC: memory region 'main_ram' "
                         rf"\({board.main_ram_size:,} bytes at 0x40000000\) is ([\d,]+) bytes short"
                         rf"{re.escape(' (with the stack)') if stack else ''}; "
                         r"use a smaller model or kernels, or a board with more memory", message)
    assert found, message
    return int(found[1].replace(",", ""))


def test_model_too_large_for_the_board_names_region_and_bytes(tmp_path, arty_headers):
    board, model, message = _build_too_large(MNV2, tmp_path, arty_headers)
    missing = _bytes_short(message, board, stack=False)
    # The weights and the arena alone exceed main RAM by this much; the code and the trap stack add about 140 KB.
    least = model.weights_bytes + model.arena_bytes - board.main_ram_size
    assert least < missing < least + 200_000


def test_model_leaving_no_room_for_the_stack_names_the_bytes(tmp_path, arty_headers):
    board, model, message = _build_too_large(KWS, tmp_path, arty_headers)
    assert 0 < _bytes_short(message, board, stack=True) < STACK
