"""The CFU port check: a Cfu with a missing, misnamed or mis-sized port gets an error naming the port."""

from pathlib import Path

import pytest

from cfu.errors import CfuError
from soc.cfu_ports import CFU_PORTS, check_cfu_ports, read_cfu_ports

VERILOG = Path(__file__).parent / "verilog"


def _cfu_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cfu.v"
    path.write_text(text)
    return path


def test_hand_written_cfus_pass():
    for path in VERILOG.glob("cfu_*.v"):
        check_cfu_ports(path)


def test_non_ansi_ports_are_read(tmp_path):
    ports = ", ".join(CFU_PORTS)
    decls = "".join(f"  {d} {'' if w == 1 else f'[{w - 1}:0] '}{n};\n  wire {n};\n" for n, (d, w) in CFU_PORTS.items())
    path = _cfu_with(tmp_path, f"/* yosys style */\nmodule Cfu({ports});\n{decls}endmodule\n")
    assert read_cfu_ports(path) == CFU_PORTS
    check_cfu_ports(path)


@pytest.mark.parametrize("port", sorted(CFU_PORTS))
def test_missing_port_is_named(tmp_path, port):
    text = (VERILOG / "cfu_echo.v").read_text().replace(port + "\n", "renamed_" + port + "\n")
    text = text.replace(f" {port},", f" renamed_{port},")
    with pytest.raises(CfuError, match=f"no port '{port}'"):
        check_cfu_ports(_cfu_with(tmp_path, text))


def test_wrong_width_is_named(tmp_path):
    text = (VERILOG / "cfu_echo.v").read_text().replace("[9:0]", "[6:0]")
    with pytest.raises(CfuError, match="'cmd_payload_function_id'.*width 7, expected input of width 10"):
        check_cfu_ports(_cfu_with(tmp_path, text))


def test_wrong_module_name(tmp_path):
    text = (VERILOG / "cfu_echo.v").read_text().replace("module Cfu", "module MyCfu")
    with pytest.raises(CfuError, match="no 'module Cfu'"):
        check_cfu_ports(_cfu_with(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(CfuError, match="not found"):
        check_cfu_ports(tmp_path / "nope.v")
