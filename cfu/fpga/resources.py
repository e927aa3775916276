"""Resource use of a design against its device, and the rules that turn tool cell counts into it."""

from __future__ import annotations

from dataclasses import dataclass

#: Resource kinds reported for every build, in table order.
KINDS = ("logic", "ff", "bram", "dsp", "spram")

#: Yosys cell types counted as each resource kind, per FPGA family, with the weight of one cell.
#: ECP5 carry cells hold two LUT4s; Xilinx LUT RAMs and shift registers occupy LUTs as Vivado counts them;
#: a Xilinx RAMB18 is half a block RAM tile.
CELL_WEIGHTS: dict[str, dict[str, dict[str, float]]] = {
    "ice40": {
        "logic": {"SB_LUT4": 1},
        "ff": {c: 1 for c in ("SB_DFF", "SB_DFFE", "SB_DFFSR", "SB_DFFR", "SB_DFFS", "SB_DFFESR",
                             "SB_DFFER", "SB_DFFES", "SB_DFFSS", "SB_DFFESS", "SB_DFFN", "SB_DFFNE",
                             "SB_DFFNSR", "SB_DFFNR", "SB_DFFNS", "SB_DFFNESR", "SB_DFFNER",
                             "SB_DFFNES", "SB_DFFNSS", "SB_DFFNESS")},
        "bram": {"SB_RAM40_4K": 1, "SB_RAM40_4KNR": 1, "SB_RAM40_4KNW": 1, "SB_RAM40_4KNRNW": 1},
        "dsp": {"SB_MAC16": 1},
        "spram": {"SB_SPRAM256KA": 1},
    },
    "ecp5": {
        "logic": {"LUT4": 1, "CCU2C": 2, "TRELLIS_DPR16X4": 4},
        "ff": {"TRELLIS_FF": 1},
        "bram": {"DP16KD": 1, "PDPW16KD": 1},
        "dsp": {"MULT18X18D": 1},
        "spram": {},
    },
    "xilinx": {
        "logic": {"LUT1": 1, "LUT2": 1, "LUT3": 1, "LUT4": 1, "LUT5": 1, "LUT6": 1,
                  "RAM32X1S": 1, "RAM64X1S": 1, "RAM32X1D": 2, "RAM64X1D": 2, "RAM128X1D": 4,
                  "RAM32M": 4, "RAM64M": 4, "SRL16E": 1, "SRLC32E": 1},
        "ff": {"FDRE": 1, "FDSE": 1, "FDCE": 1, "FDPE": 1, "LDCE": 1, "LDPE": 1},
        "bram": {"RAMB36E1": 1, "RAMB18E1": 0.5},
        "dsp": {"DSP48E1": 1},
        "spram": {},
    },
}

#: nextpnr utilisation cell names per resource kind (after packing, so they are the device's own sites).
PNR_CELLS: dict[str, dict[str, str]] = {
    "ice40": {"logic": "ICESTORM_LC", "bram": "ICESTORM_RAM", "dsp": "ICESTORM_DSP", "spram": "ICESTORM_SPRAM"},
    "ecp5": {"logic": "TRELLIS_COMB", "ff": "TRELLIS_FF", "bram": "DP16KD", "dsp": "MULT18X18D"},
}


@dataclass(frozen=True)
class Usage:
    """How much of one resource a design uses, out of how much the device has."""

    used: float
    available: float

    @property
    def percent(self) -> float:
        return 100.0 * self.used / self.available if self.available else (0.0 if not self.used else float("inf"))

    @property
    def overflow(self) -> float:
        """How many units more than the device has (0 when it fits)."""
        return max(0.0, self.used - self.available)


def count_cells(family: str, cells_by_type: dict[str, int], capacity: dict[str, float]) -> dict[str, Usage]:
    """Sum Yosys cell counts into resource kinds for ``family``; cells of other types are ignored."""
    weights = CELL_WEIGHTS[family]
    return {kind: Usage(sum(n * weights[kind].get(cell, 0) for cell, n in cells_by_type.items()),
                        capacity.get(kind, 0))
            for kind in KINDS}
