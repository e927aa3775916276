"""A board's SoC in Verilator (``cfu sim --target <board>``): DRAM behind LiteDRAM's controller, firmware laid out by
the board's memory regions, and one clear line for a model too large, an unknown board, a board without a
simulation SoC or without the memory the firmware needs."""

from __future__ import annotations

import importlib
import json
import random
import re
import subprocess
from dataclasses import replace

import pytest
from litedram.phy.model import SDRAMPHYModel

import soc.boards
from cfu.cli import main
from cfu.fpga.socgen import write_board_headers
from cfu.fwbuild import build_firmware
from cfu.fwbuild.fit import model_fit_error
from cfu.fwbuild.layout import layout_script
from cfu.model.emit import write_c
from cfu.model.importer import import_model
from cfu.model.mutants import new_operators_model
from cfu.profile.model_input import fixed_input, write_input_c
from cfu.paths import REPO_ROOT, mlperf_models_dir
from soc.board import ARENA, CODE, ROLES, MemoryRegion
from soc.boards import get_board
from soc.sim_memory import sdram_model_image, sdram_model_placeholder
from soc.soc import MAIN_RAM_BASE
from soc.targets.sim import BUILD_NAME, phy_settings_at_reset

MNV2 = REPO_ROOT / "proj" / "mnv2_first" / "model" / "mnv2_035_160_int8.tflite"
KWS = REPO_ROOT / "proj" / "kws_micro" / "model" / "ds_cnn_kws_int8.tflite"
MLPERF = mlperf_models_dir()
BOARDS_WITH_DRAM = ("digilent_arty", "radiona_ulx3s")


def _phy_settings(board_name: str):
    """The board's DRAM chip and the settings of its real PHY, as its simulation SoC gives them to the PHY model."""
    board_file = importlib.import_module(f"soc.boards.{board_name}")
    return board_file.dram_module(), phy_settings_at_reset(board_file.dram_phy(board_file.Platform()).settings)


@pytest.mark.parametrize("board_name", BOARDS_WITH_DRAM)
def test_firmware_images_go_into_the_dram_model_as_litedram_lays_them_out(board_name):
    """The runner's split of an image over the bank files equals the PHY model's own split of the same data."""
    module, settings = _phy_settings(board_name)
    rng = random.Random(1)
    # Three rows in every bank and part of a fourth: every bank, and a row left half full.
    size = (3 * 2 ** module.geom_settings.bankbits + 1) * settings.databits // 8 * 2 ** module.geom_settings.colbits // 2
    words = [rng.getrandbits(32) for _ in range(size // 4)]
    reference = SDRAMPHYModel(module, settings=settings, init=list(words))
    image = sdram_model_image(reference, BUILD_NAME, 1 << 30)
    expected = [list(bank_memory.init) for bank_memory in _bank_memories(reference)]
    data = b"".join(word.to_bytes(4, "little") for word in words)
    assert image.split(data, "the image") == expected
    placeholder = SDRAMPHYModel(module, settings=settings, init=sdram_model_placeholder(module, settings.databits))
    assert all(memory.init for memory in _bank_memories(placeholder)), "every bank memory reads an init file"


def _bank_memories(phy):
    image = sdram_model_image(phy, BUILD_NAME, 1 << 30)
    memories = {special.name_override: special for _, bank in phy._submodules
                for special in bank._fragment.specials if hasattr(special, "init")}
    return [memories[name[len(BUILD_NAME) + 1:-len(".init")]] for name in image.files]


@pytest.mark.skipif(not MLPERF.is_dir(), reason="no MLPerf Tiny models (shared/models/mlperf_tiny beside the checkout, "
                                                "or $CFU_MLPERF_DIR)")
@pytest.mark.parametrize("board_name", BOARDS_WITH_DRAM)
def test_the_shipped_and_mlperf_models_fit_the_dram_boards(board_name):
    board = get_board(board_name)
    for path in [MNV2, KWS, *sorted(MLPERF.glob("*.tflite"))]:
        model = import_model(path)
        assert model_fit_error(model.weights_bytes, model.arena_bytes, board.memory, board.name) is None, path.name


@pytest.mark.parametrize("board_name", BOARDS_WITH_DRAM)
def test_board_firmware_carries_mobilenet_in_dram(board_name, tmp_path, project_copy):
    """The board's own firmware (its bitstream's memory map) links with MobileNetV2's weights and arena in DRAM."""
    board = get_board(board_name)
    model = import_model(MNV2)
    sources = [p for p in write_c(model, tmp_path / "model") if p.suffix == ".c"]
    sources.append(write_input_c(fixed_input(model), tmp_path / "model"))
    headers = write_board_headers(board, board.cpus[0], tmp_path / "soc")
    image = build_firmware(project_copy("proj_template"), target=board.name, soc_headers=headers, menu_script=None,
                           extra_sources=sources, extra_include_dirs=[tmp_path / "model"],
                           defines={"FW_HAVE_MODEL": "1"})
    sections = {name: (int(address, 16), int(size, 16)) for name, address, size in
                re.findall(r"^(\.\w+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)", image.map.read_text(), re.M)}
    start, size = sections[".model_weights"]
    assert size >= model.weights_bytes and MAIN_RAM_BASE <= start < MAIN_RAM_BASE + board.main_ram_size
    arena_start, arena_size = sections[".bss"]
    assert arena_size >= model.arena_bytes and arena_start + arena_size <= MAIN_RAM_BASE + board.main_ram_size


def test_the_layout_puts_each_role_in_the_boards_region():
    memory = (MemoryRegion("main_ram", 1 << 20, (CODE, ARENA), "SRAM"),
              MemoryRegion("spiflash", 1 << 21, ("weights",), "flash"))
    assert layout_script(memory, "acme").splitlines()[1:] == [
        'REGION_ALIAS("REGION_CODE", main_ram);', 'REGION_ALIAS("REGION_ARENA", main_ram);',
        'REGION_ALIAS("REGION_WEIGHTS", spiflash);']


def _one_line_error(capsys, args: list[str]) -> str:
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err, err
    return err


@pytest.fixture
def arty_as(monkeypatch):
    """``arty_as(**fields)``: the Arty's description with other fields, wherever a board is looked up."""
    real = soc.boards._load

    def patch(**fields):
        board = replace(real("digilent_arty"), **fields)
        monkeypatch.setattr(soc.boards, "_load", lambda name: board if name == board.name else real(name))
        return board

    return patch


def test_unknown_board_is_one_line(capsys, project_copy):
    err = _one_line_error(capsys, ["sim", "--proj", str(project_copy("proj_template").root), "--target", "nexys"])
    assert err.endswith("unknown board 'nexys'; known boards: digilent_arty, kosagi_fomu, radiona_ulx3s "
                        "(aliases: arty, ecp5, fomu, ulx3s; the simulator is 'make sim')")


def test_a_board_without_a_simulation_soc_is_one_line(capsys, project_copy, arty_as):
    arty_as(make_sim_soc=None)
    project = project_copy("proj_template")
    err = _one_line_error(capsys, ["sim", "--proj", str(project.root), "--target", "arty"])
    assert err.endswith("digilent_arty has no simulation SoC yet: simulate the default SoC with make sim, "
                        "or give the board a make_sim_soc (docs/boards.md)")
    assert not (project.build_dir / "digilent_arty").exists()


def test_a_model_too_large_for_the_board_names_region_and_bytes_before_building(capsys, project_copy, arty_as):
    arty_as(memory=(MemoryRegion("main_ram", 1 << 20, ROLES, "DDR3"),))
    project = project_copy("proj_template")
    err = _one_line_error(capsys, ["sim", "--proj", str(project.root), "--target", "arty", "--model", str(MNV2)])
    assert ("the model does not fit the digilent_arty SoC: memory region 'main_ram' (DDR3, 1,048,576 bytes) is "
            in err)
    assert "bytes short (firmware 262,144, weights " in err and err.endswith(
        "; use a smaller model, or a board with more memory")
    assert not (project.build_dir / "digilent_arty").exists(), "nothing is built for a model that cannot fit"


def test_a_board_without_memory_for_the_weights_is_one_line(capsys, project_copy, arty_as):
    arty_as(memory=(MemoryRegion("main_ram", 1 << 28, (CODE, ARENA), "DDR3"),))
    project = project_copy("proj_template")
    err = _one_line_error(capsys, ["sim", "--proj", str(project.root), "--target", "arty", "--model", str(MNV2)])
    assert err.endswith("digilent_arty has no memory for the firmware's weights (its regions: main_ram "
                        "(code/arena)); give one of its memory regions the role 'weights' in its board file")
    assert not (project.build_dir / "digilent_arty").exists()


def test_a_model_runs_golden_on_the_simulated_arty_with_ddr3(tmp_path, project_copy):
    """The model, its weights and its arena in DDR3 behind LiteDRAM: golden, and the profile names the SoC."""
    project = project_copy("proj_template")
    model = tmp_path / "chain.tflite"
    model.write_bytes(new_operators_model())
    assert main(["sim", "--proj", str(project.root), "--target", "digilent_arty", "--model", str(model)]) == 0
    profile = json.loads((project.build_dir / "digilent_arty" / "profile.json").read_text())
    assert profile["golden"] == "pass"
    assert profile["soc"] == "digilent_arty"
    assert profile["simulator"].startswith("verilator (Arty SoC: VexRiscv full+cfu, main memory DDR3 MT41K128M16")


def test_make_passes_the_target_to_cfu_sim():
    def sim_line(*variables: str) -> list[str]:
        dry = subprocess.run(["make", "-n", "--no-print-directory", "PROJ=proj_template", "sim", *variables],
                             cwd=REPO_ROOT, capture_output=True, text=True, check=True)
        return dry.stdout.splitlines()[-1].split()

    assert sim_line("TARGET=digilent_arty")[-2:] == ["--target", "digilent_arty"]
    assert sim_line()[-2:] == ["--target", "sim"]
