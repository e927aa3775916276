"""Attaching the project's CFU to a LiteX PicoRV32 through the PCPI bridge (for devices VexRiscv overfills)."""

from __future__ import annotations

from pathlib import Path

from migen import ClockSignal, Instance, ResetSignal, Signal

from ..errors import CfuError
from ..gateware.verilog import CLOCK_PORTS, cfu_module_ports
from .pcpi_bridge import MODULE_NAME, write_bridge_verilog

#: PCPI port name to its width, as both PicoRV32 and the bridge name them (bridge: ``pcpi__`` + name).
_PCPI_PORTS = {"valid": 1, "insn": 32, "rs1": 32, "rs2": 32, "wr": 1, "rd": 32, "wait": 1, "ready": 1}
_PCPI_OUTPUTS = ("valid", "insn", "rs1", "rs2")  # driven by the CPU
#: The CFU bus (module ``Cfu``'s ports but its clock), as name -> (direction, width).
_CFU_PORTS = {name: port for name, port in cfu_module_ports().items() if name not in CLOCK_PORTS}
_CFU_INPUTS = tuple(name for name, (direction, _) in _CFU_PORTS.items() if direction == "input")


def add_pcpi_cfu(soc, cfu_verilog: Path, gateware_dir: Path) -> None:
    """Enable PCPI on ``soc``'s PicoRV32 and connect ``Cfu`` (from ``cfu_verilog``) to it through the bridge.

    Call before the SoC is finalised (before ``Builder.build``). The bridge's Verilog is written to
    ``gateware_dir``. The CPU's MUL/DIV stay in PicoRV32; only custom-0 instructions reach the CFU. The CFU bus's
    signals (port name to signal) are kept as ``soc.pcpi_cfu``, for a simulation monitor.
    """
    if getattr(soc.cpu, "name", None) != "picorv32":
        raise CfuError(f"the PCPI bridge needs a PicoRV32 CPU, this SoC has {getattr(soc.cpu, 'name', 'none')}")
    pcpi = {name: Signal(width, name=f"pcpi_{name}") for name, width in _PCPI_PORTS.items()}
    cfu = {name: Signal(width, name=f"cfu_{name}") for name, (_, width) in _CFU_PORTS.items()}
    soc.cpu.cpu_params.update(p_ENABLE_PCPI=1, **{
        (f"o_pcpi_{n}" if n in _PCPI_OUTPUTS else f"i_pcpi_{n}"): s for n, s in pcpi.items()})
    soc.specials += Instance(
        MODULE_NAME,
        i_clk=ClockSignal("sys"), i_rst=ResetSignal("sys"),
        **{(f"i_pcpi__{n}" if n in _PCPI_OUTPUTS else f"o_pcpi__{n}"): s for n, s in pcpi.items()},
        **{(f"o_cfu__{n}" if n in _CFU_INPUTS else f"i_cfu__{n}"): s for n, s in cfu.items()},
    )
    soc.specials += Instance(
        "Cfu",
        i_clk=ClockSignal("sys"), i_reset=ResetSignal("sys"),
        **{(f"i_{n}" if n in _CFU_INPUTS else f"o_{n}"): s for n, s in cfu.items()},
    )
    soc.pcpi_cfu = cfu
    soc.platform.add_source(str(write_bridge_verilog(Path(gateware_dir) / f"{MODULE_NAME}.v")))
    soc.platform.add_source(str(Path(cfu_verilog).resolve()))
