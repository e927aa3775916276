"""What the FPGA flows take from a LiteX SoC build: its top, sources, constraints and clocks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_ADD_CLOCK = re.compile(r'ctx\.addClock\("([^"]+)",\s*([0-9.eE+-]+)\)')


@dataclass(frozen=True)
class SocGateware:
    """A SoC's generated gateware, ready for synthesis.

    Attributes
    ----------
    top : str
        Top module (LiteX's build name).
    directory : Path
        LiteX's gateware folder; tools run there (the Verilog reads memory init files relative to it).
    sources : list of Path
        Every Verilog file: CPU, CFU, bridge if any, and the top.
    constraints : Path
        Pin (and, on ECP5 and Xilinx, clock) constraints: ``.pcf``, ``.lpf`` or ``.xdc``.
    cpu : str
        The CPU, as shown in reports (e.g. ``vexriscv full+cfu``).
    """

    top: str
    directory: Path
    sources: list[Path]
    constraints: Path
    cpu: str

    @classmethod
    def from_litex(cls, platform, build_name: str, directory: Path, cpu: str) -> "SocGateware":
        """Collect the files LiteX's ``Builder.build(run=False)`` wrote for ``platform`` into ``directory``."""
        sources = [Path(filename) for filename, language, *_ in platform.sources if language in ("verilog", None)]
        top = directory / f"{build_name}.v"
        if top not in sources:
            sources.append(top)
        suffix = {"ice40": ".pcf", "ecp5": ".lpf"}.get(_family(platform.device), ".xdc")
        return cls(build_name, directory, sources, directory / f"{build_name}{suffix}", cpu)


def ice40_clock_constraints(gateware: SocGateware) -> Path:
    """Write ``<top>_clocks.pcf``: the pin constraints plus a ``set_frequency`` per LiteX clock.

    LiteX gives iCE40 clocks as a nextpnr Python pre-pack script, which the WebAssembly nextpnr cannot run;
    ``set_frequency`` in the PCF says the same to every nextpnr.
    """
    pre_pack = gateware.directory / f"{gateware.top}_pre_pack.py"
    clocks = _ADD_CLOCK.findall(pre_pack.read_text()) if pre_pack.exists() else []
    lines = [gateware.constraints.read_text().rstrip("\n")]
    lines += [f"set_frequency {name} {float(mhz):.6f}" for name, mhz in clocks]
    path = gateware.directory / f"{gateware.top}_clocks.pcf"
    path.write_text("\n".join(lines) + "\n")
    return path


def _family(device: str) -> str:
    device = device.lower()
    if device.startswith("ice40"):
        return "ice40"
    if device.startswith("lfe5"):
        return "ecp5"
    return "xilinx"
