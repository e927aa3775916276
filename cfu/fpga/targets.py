"""The FPGA boards a project can be built for, as data: device, capacity, clock and CPUs."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..errors import CfuError


@dataclass(frozen=True)
class Device:
    """One FPGA part: its family, the nextpnr/Vivado names for it, and what it holds.

    ``capacity`` maps each resource kind (see :data:`cfu.fpga.resources.KINDS`) to the device's count;
    ``logic_unit`` names what the "logic" kind counts after place and route, ``synth_logic_unit`` what it
    counts after synthesis alone (an iCE40 logic cell holds a LUT4, a flip-flop and a carry).
    """

    family: str
    name: str
    part: str
    package: str
    logic_unit: str
    synth_logic_unit: str
    capacity: dict[str, float]


@dataclass(frozen=True)
class Target:
    """A board: the SoC to build for it and its device.

    ``soc_board`` is the board name of the SoC definition in ``soc/targets`` (LiteX board module), which
    also sets the system clock. ``cpus`` lists the CPUs the toolkit can build for the board, default first.
    """

    name: str
    soc_board: str
    device: Device
    cpus: tuple[str, ...] = ("vexriscv",)
    aliases: tuple[str, ...] = field(default=())

    @property
    def clock_mhz(self) -> float:
        """The SoC's system clock, as its ``soc/targets`` module sets it."""
        return importlib.import_module(f"soc.targets.{self.soc_board}").SYS_CLK_FREQ / 1e6


UP5K = Device("ice40", "iCE40UP5K-UWG30", "up5k", "uwg30", "LC", "LUT4",
              {"logic": 5280, "ff": 5280, "bram": 30, "dsp": 8, "spram": 4})
ECP5_85F = Device("ecp5", "LFE5U-85F-6BG381C", "85k", "CABGA381", "LUT4", "LUT4",
                  {"logic": 83640, "ff": 83640, "bram": 208, "dsp": 156, "spram": 0})
ARTY_35T = Device("xilinx", "xc7a35ticsg324-1L", "xc7a35ticsg324-1L", "csg324", "LUT", "LUT",
                  {"logic": 20800, "ff": 41600, "bram": 50, "dsp": 90, "spram": 0})

TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("kosagi_fomu", "kosagi_fomu", UP5K, cpus=("picorv32", "vexriscv"), aliases=("fomu",)),
    Target("radiona_ulx3s", "radiona_ulx3s", ECP5_85F, aliases=("ulx3s", "ecp5")),
    Target("digilent_arty", "digilent_arty", ARTY_35T, aliases=("arty",)),
)}


def get_target(name: str) -> Target:
    """Return the target called ``name`` (or one of its aliases)."""
    for target in TARGETS.values():
        if name == target.name or name in target.aliases:
            return target
    known = ", ".join(sorted(TARGETS))
    raise CfuError(f"unknown FPGA target '{name}'; known targets: {known} (the simulator is 'make sim')")
