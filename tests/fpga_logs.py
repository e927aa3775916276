"""Reading the tool logs themselves, independently of cfu.fpga, to check reports against them."""

import re
from pathlib import Path


def yosys_log_cells(log: Path) -> dict[str, int]:
    """Cell counts printed in the last "Printing statistics" block of a Yosys log."""
    block = log.read_text().rsplit("Printing statistics.", 1)[1]
    return {cell: int(n) for n, cell in re.findall(r"^\s+(\d+)\s+(\w+)\s*$", block, re.M)}


def nextpnr_log_utilisation(log: Path) -> dict[str, tuple[int, int]]:
    """The "Device utilisation" lines of a nextpnr log: cell -> (used, available)."""
    return {c: (int(u), int(a)) for c, u, a in re.findall(r"^Info:\s+(\w+):\s+(\d+)/\s*(\d+)", log.read_text(), re.M)}


def nextpnr_log_fmax(log: Path) -> dict[str, float]:
    """Last "Max frequency for clock" line per clock (the post-route analysis)."""
    return {c: float(f) for c, f in re.findall(r"Max frequency for clock\s+'([^']+)':\s+([\d.]+) MHz", log.read_text())}


#: nextpnr's cell name per resource kind, per family.
PNR_NAMES = {
    "ice40": {"logic": "ICESTORM_LC", "bram": "ICESTORM_RAM", "dsp": "ICESTORM_DSP", "spram": "ICESTORM_SPRAM"},
    "ecp5": {"logic": "TRELLIS_COMB", "ff": "TRELLIS_FF", "bram": "DP16KD", "dsp": "MULT18X18D"},
}
