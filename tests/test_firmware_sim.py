"""The firmware on the Verilator SoC: the on-target CFU test, SW_ONLY builds, traps and the CFU enable bit."""

import io
import re
import shutil

import pytest
from project_copies import copy_project

from cfu.fwbuild import build_firmware, describe_trap

pytestmark = pytest.mark.skipif(shutil.which("verilator") is None, reason="needs Verilator")
BUDGET = 40_000_000
SUMMARY = re.compile(r"cfu funct3=(\d+): (\d+) ops, (\d+) mismatches")

PROBES = r"""
#include <stdio.h>
#include "cfu.h"
#include "irq.h"
#include "menu.h"
#include "perf.h"

static int illegal(void) {
  __asm__ volatile(".word 0x00000000");
  return 0;
}
MENU_ITEM(zz_illegal, 'i', "execute an illegal instruction", MENU_MANUAL, illegal);

static int cfu_disabled(void) {
  riscv_csr_clear(VEXRISCV_CSR_IRQ_MASK, VEXRISCV_CFU_ENABLE_BIT);
  return (int)cfu_op_hw(0, 0, 1, 2);
}
MENU_ITEM(zz_cfu_disabled, 'd', "a CFU op with the CFU disabled", MENU_MANUAL, cfu_disabled);

static int irq_mask_keeps_cfu(void) {
  uint64_t before = perf_get_mcycle64();
  irq_setmask(0);
  irq_setmask(0x3);
  uint32_t mask = irq_getmask();
  uint32_t sum = cfu_op_hw(0, 0, 40, 2);
  irq_setmask(0);
  uint64_t after = perf_get_mcycle64();
  printf("mask=%lu cfu=%lu enabled=%d cycles_advanced=%d\n", (unsigned long)mask, (unsigned long)sum,
         cfu_enabled(), after > before);
  return 0;
}
MENU_ITEM(zz_irq_mask, 'm', "irq mask helpers keep the CFU on", MENU_MANUAL, irq_mask_keeps_cfu);
"""


@pytest.fixture(scope="module")
def template(project_copy):
    return project_copy("proj_template")


@pytest.fixture(scope="module")
def simulator(template):
    from sim.verilated import build_simulator

    return build_simulator(template.cfu_verilog(), template.build_dir / "sim")


def _run(simulator, image):
    from sim.runner import run

    return run(simulator, image.bin, max_cycles=BUDGET, out=io.StringIO())


def _summaries(output: str) -> dict[int, tuple[int, int]]:
    return {int(f3): (int(ops), int(bad)) for f3, ops, bad in SUMMARY.findall(output)}


@pytest.mark.parametrize("sw_only", [False, True], ids=["hw", "sw_only"])
def test_on_target_cfu_test_passes(simulator, template, sw_only):
    project = template
    result = _run(simulator, build_firmware(project, sw_only=sw_only))
    assert (result.exit_code, result.reason) == (0, "firmware exit"), result.output
    summaries = _summaries(result.output)
    assert set(summaries) == set(project.make_cfu().specs())
    for funct3, (ops, mismatches) in summaries.items():
        assert ops > 1000 and mismatches == 0, (funct3, ops, mismatches)


def test_on_target_cfu_test_catches_a_drifted_emulation(simulator, tmp_path):
    project = copy_project("proj_template", tmp_path, "fwsim")
    source = project.root / "src" / "software_cfu.c"
    source.write_text(source.read_text().replace("return funct7 == 1 ? a - b : a + b;",
                                                 "return funct7 == 1 ? a - b : a + b + (a == 0x80000000u);"))
    result = _run(simulator, build_firmware(project))
    assert result.exit_code == 1, result.output
    summaries = _summaries(result.output)
    assert summaries[0][1] > 0 and summaries[1][1] == 0 and summaries[2][1] == 0
    assert re.search(r"mismatch: funct3=0 \(Add\) funct7=0 pattern=\w+ a=0x80000000", result.output)


@pytest.fixture(scope="module")
def probes(tmp_path_factory):
    project = copy_project("proj_template", tmp_path_factory.mktemp("probes"), "fwsim")
    (project.root / "src" / "probes.c").write_text(PROBES)
    return project


def test_trap_reports_cause_pc_and_symbol(simulator, probes):
    image = build_firmware(probes, menu_script="i")
    result = _run(simulator, image)
    assert result.exit_code == 64 + 2, result.output
    assert "*** TRAP: illegal instruction (mcause 2)" in result.output
    assert "instruction 0x00000000" in result.output
    explanation = describe_trap(image.elf, result.output)
    assert explanation is not None and "in illegal (probes.c" in explanation, explanation


def test_cfu_op_traps_when_the_enable_bit_is_clear(simulator, probes):
    result = _run(simulator, build_firmware(probes, menu_script="d"))
    assert result.exit_code == 64 + 2, result.output
    assert "a custom-0 (CFU) instruction trapped" in result.output


def test_irq_mask_helpers_keep_the_cfu_enabled(simulator, probes):
    result = _run(simulator, build_firmware(probes, menu_script="m"))
    assert result.exit_code == 0, result.output
    assert "mask=3 cfu=42 enabled=1 cycles_advanced=1" in result.output

