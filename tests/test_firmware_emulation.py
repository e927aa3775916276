"""Drift check: each project's C emulation (software_cfu) against its Python reference models.

Generic over projects (the ``project_instruction`` fixture of conftest.py lists every funct3 of every
project). Operations run in issue order on a fresh model and a fresh emulation process.
"""

import functools
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from project_copies import copy_project

from cfu.fwbuild.emulation import build_host_emulation, first_mismatch
from cfu.project import PROJECTS_DIR, Project

EDGES = (0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFE, 0xFFFF_FFFF,
         0x0101_0101, 0x7F7F_7F7F, 0x8080_8080)
word = st.one_of(st.sampled_from(EDGES), st.integers(0, 0xFFFF_FFFF))


@functools.cache
def emulation(project: Project, cpu: str | None):
    """The project's host emulation (one for all its CFUs) and the specs of its CFU for ``cpu``."""
    return build_host_emulation(project), project.make_cfu(cpu).specs()


def _check(project: Project, funct3: int, cpu: str | None, ops) -> None:
    emu, specs = emulation(project, cpu)
    spec = specs[funct3]
    mismatch = first_mismatch(emu, spec.name, funct3, spec.new_reference, ops)
    assert mismatch is None, str(mismatch)


def test_edge_grid(project_instruction, project_copy):
    project_name, funct3, cpu = project_instruction
    project = project_copy(project_name)
    spec = emulation(project, cpu)[1][funct3]
    ops = [(f7, a, b) for f7 in spec.funct7_values for a in EDGES for b in EDGES]
    _check(project, funct3, cpu, ops)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_sequences(project_instruction, project_copy, data):
    project_name, funct3, cpu = project_instruction
    project = project_copy(project_name)
    spec = emulation(project, cpu)[1][funct3]
    ops = data.draw(st.lists(st.tuples(st.sampled_from(spec.funct7_values), word, word), min_size=1, max_size=40))
    _check(project, funct3, cpu, ops)


def test_a_drifted_emulation_is_caught_and_named(tmp_path):
    root = copy_project("proj_template", tmp_path, "drifted").root
    source = root / "src" / "software_cfu.c"
    # A plausible slip: the offset taken as 8 bits instead of the hardware's 9.
    source.write_text(source.read_text().replace("#define MAC4_OFFSET_BITS 9", "#define MAC4_OFFSET_BITS 8"))
    project = Project.load(root)
    emu = build_host_emulation(project)
    spec = project.make_cfu().specs()[2]
    mismatch = first_mismatch(emu, spec.name, 2, spec.new_reference, [(0, 0x80, 0), (1, 0x01010101, 0x01010101)])
    assert mismatch is not None
    text = str(mismatch)
    for part in ("Mac4Accumulate", "funct3=2", "funct7=1", "in0=0x01010101", "in1=0x01010101",
                 "expected 0x00000204", "got 0xfffffe04", "operation 2 of 2"):
        assert part in text, text


def test_project_without_emulation_gets_the_default(tmp_path):
    root = tmp_path / "noemu"
    root.mkdir()
    shutil.copy(PROJECTS_DIR / "proj_template" / "cfu.py", root / "cfu.py")
    emu = build_host_emulation(Project.load(root))
    assert Path(emu.source).parent.name == "firmware"
    assert emu.run([(0, 0, 2, 3)]) == [0]
