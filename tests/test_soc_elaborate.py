"""Every target's SoC elaborates to Verilog with VexRiscv full+cfu and the CFU; headers follow the contract."""

import re
from pathlib import Path

import pytest

from cfu.errors import CfuError
from soc.elaborate import elaborate
from soc.headers import write_headers
from soc.bios import generated_software
from soc.boards import get_board
from soc.targets import NULL_CFU, soc_factory, target_names

VERILOG = Path(__file__).parent / "verilog"


@pytest.mark.parametrize("target", target_names())
def test_target_elaborates(target, tmp_path):
    verilog = elaborate(target, tmp_path, VERILOG / "cfu_echo.v").read_text()
    assert re.search(r"^VexRiscv VexRiscv\($", verilog, re.M)
    assert re.search(r"^Cfu Cfu\($", verilog, re.M)
    assert ".CfuPlugin_bus_cmd_valid" in verilog


@pytest.mark.parametrize("target", target_names())
def test_headers_put_main_ram_at_0x40000000(target, tmp_path):
    generated = write_headers(target, tmp_path)
    assert {"csr.h", "soc.h", "mem.h", "regions.ld"} <= {p.name for p in generated.iterdir()}
    assert "#define MAIN_RAM_BASE 0x40000000L" in (generated / "mem.h").read_text()
    assert "main_ram : ORIGIN = 0x40000000" in (generated / "regions.ld").read_text()
    assert ("CSR_SIMCTRL_BASE" in (generated / "csr.h").read_text()) == (target == "sim")
    assert "CSR_UART_BASE" in (generated / "csr.h").read_text()


def test_sim_main_ram_is_16_mib(tmp_path):
    assert "#define MAIN_RAM_SIZE 0x01000000" in (write_headers("sim", tmp_path) / "mem.h").read_text()


def test_headers_keep_unchanged_files(tmp_path):
    csr_h = write_headers("sim", tmp_path) / "csr.h"
    before = csr_h.stat().st_mtime_ns
    write_headers("sim", tmp_path)
    assert csr_h.stat().st_mtime_ns == before


def test_bad_cfu_rejected_before_elaboration(tmp_path):
    bad = tmp_path / "cfu.v"
    bad.write_text((VERILOG / "cfu_echo.v").read_text().replace("rsp_ready", "rsp_rdy"))
    with pytest.raises(CfuError, match="no port 'rsp_ready'"):
        soc_factory("sim")(bad)


def test_unknown_target():
    with pytest.raises(CfuError, match="unknown target 'nexys'.*digilent_arty"):
        soc_factory("nexys")


def test_a_bios_is_rebuilt_when_its_socs_software_headers_change(tmp_path):
    """The BIOS cache key is the SoC's software headers (date lines aside): the same SoC gives the same key, the
    same board with another CPU (other memory map and compiler flags) another one."""
    fomu = get_board("kosagi_fomu")

    def key(cpu: str) -> str:
        return generated_software(lambda: fomu.soc(NULL_CFU, cpu, tmp_path / "gateware"), tmp_path / "bios")

    picorv32 = key("picorv32")
    assert key("picorv32") == picorv32
    assert key("vexriscv") != picorv32
