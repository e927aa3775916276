"""A firmware image too large for its SoC's memory: the link names the memory region and the bytes missing.

No shipped board is that small any more (the Arty and the ULX3S have DRAM), so the SoC here is the simulated one
with its main RAM cut to 128 KiB in its ``regions.ld``; a model that is too large is refused before any build
(tests/test_board_sim.py), and this is the check behind that one for code the estimate did not foresee.
"""

import re

import pytest
from project_copies import copy_project

from cfu.errors import CfuError
from cfu.fwbuild import build_firmware
from cfu.model.emit import write_c
from cfu.model.importer import import_model
from cfu.paths import REPO_ROOT
from cfu.profile.model_input import fixed_input, write_input_c
from soc.headers import write_headers

MNV2 = REPO_ROOT / "proj" / "mnv2_first" / "model" / "mnv2_035_160_int8.tflite"
KWS = REPO_ROOT / "proj" / "kws_micro" / "model" / "ds_cnn_kws_int8.tflite"
#: link.ld's default stack size.
STACK = 64 * 1024
#: The main RAM of the small SoC.
SMALL_RAM = 128 * 1024


@pytest.fixture(scope="module")
def small_headers(tmp_path_factory):
    """The simulated SoC's headers with main RAM cut to :data:`SMALL_RAM` bytes."""
    headers = write_headers("sim", tmp_path_factory.mktemp("small-soc"))
    regions = headers / "regions.ld"
    text, count = re.subn(r"(main_ram : ORIGIN = 0x40000000, LENGTH = )0x[0-9a-f]+", rf"\g<1>0x{SMALL_RAM:08x}",
                          regions.read_text())
    assert count == 1
    regions.write_text(text)
    return headers


def _model_sources(model, out):
    sources = [p for p in write_c(model, out) if p.suffix == ".c"]
    return [*sources, write_input_c(fixed_input(model), out)]


def _build_too_large(model_path, tmp_path, small_headers):
    """Build proj_template for the small SoC, then with the model; return the model and the error message."""
    model = import_model(model_path, weights_budget=1 << 26)
    project = copy_project("proj_template", tmp_path)
    firmware = dict(target="sim", soc_headers=small_headers, menu_script=None)
    image = build_firmware(project, **firmware)  # without the model it fits, and leaves an image
    assert image.bin.is_file()
    with pytest.raises(CfuError) as error:
        build_firmware(project, **firmware, extra_sources=_model_sources(model, tmp_path / "model"),
                       extra_include_dirs=[tmp_path / "model"], defines={"FW_HAVE_MODEL": "1"})
    assert not any(p.exists() for p in (image.elf, image.bin, image.map, image.symbols)), "no stale image stays"
    return model, str(error.value)


def _bytes_short(message: str, stack: bool) -> int:
    assert "\n" not in message
    found = re.fullmatch(rf"the firmware does not fit the sim SoC: memory region 'main_ram' "
                         rf"\({SMALL_RAM:,} bytes at 0x40000000\) is ([\d,]+) bytes short"
                         rf"{re.escape(' (with the stack)') if stack else ''}; "
                         r"use a smaller model or kernels, or a board with more memory", message)
    assert found, message
    return int(found[1].replace(",", ""))


def test_model_too_large_for_the_memory_names_region_and_bytes(tmp_path, small_headers):
    model, message = _build_too_large(MNV2, tmp_path, small_headers)
    missing = _bytes_short(message, stack=False)
    # The weights and the arena alone exceed main RAM by this much; the code and the trap stack add about 140 KB.
    least = model.weights_bytes + model.arena_bytes - SMALL_RAM
    assert least < missing < least + 200_000


def test_model_leaving_no_room_for_the_stack_names_the_bytes(tmp_path, small_headers):
    _, message = _build_too_large(KWS, tmp_path, small_headers)
    assert 0 < _bytes_short(message, stack=True) < STACK
