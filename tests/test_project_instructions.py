"""Every instruction of every project, checked against its reference model in Amaranth's simulator
and, through cocotb, in the generated Verilog. ``pytest --proj NAME`` limits the run to one project."""

import pytest
from hypothesis import HealthCheck, given, settings

from cfu.gateware import Cfu
from cfu.project import Project
from cfu.verify import standard_stimuli, stimuli_strategy, verify_amaranth, verify_verilog


def _amaranth_cfu(project_name, cpu):
    cfu = Project.load(project_name).make_cfu(cpu)
    if not isinstance(cfu, Cfu):
        pytest.skip(f"{project_name} brings its CFU as Verilog: only cocotb applies")
    return cfu


def test_vectors_in_amaranth(project_instruction):
    project_name, funct3, cpu = project_instruction
    cfu = _amaranth_cfu(project_name, cpu)
    verify_amaranth(cfu, standard_stimuli(cfu.specs(), funct3))


def test_random_sequences_in_amaranth(project_instruction):
    project_name, funct3, cpu = project_instruction
    cfu = _amaranth_cfu(project_name, cpu)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(stimuli_strategy(cfu.specs(), funct3))
    def check(stimuli):
        verify_amaranth(cfu, stimuli)

    check()


def test_vectors_with_cocotb(project_instruction, project_copy):
    project_name, funct3, cpu = project_instruction
    project = project_copy(project_name)
    specs = project.make_cfu(cpu).specs()
    verify_verilog(project.cfu_verilog(cpu=cpu), specs, standard_stimuli(specs, funct3, seed=funct3),
                   project.build_dir / "cocotb" / f"funct3_{funct3}")
