"""Verification of CFU instructions against their reference models, in Amaranth's simulator and,
through cocotb, on the generated Verilog."""

from .amaranth_sim import run_amaranth, verify_amaranth
from .check import CfuMismatch, check_results, expected_results
from .cocotb_sim import run_cocotb, verify_verilog
from .vectors import EDGE_OPERANDS, Op, Stimulus, edge_stimuli, random_stimuli, standard_stimuli, stimuli_strategy

__all__ = [
    "verify_amaranth", "run_amaranth", "verify_verilog", "run_cocotb",
    "CfuMismatch", "check_results", "expected_results",
    "Op", "Stimulus", "EDGE_OPERANDS", "edge_stimuli", "random_stimuli", "standard_stimuli", "stimuli_strategy",
]
