"""The Amaranth CFU framework: instructions, the CFU dispatcher, Verilog generation, reusable blocks."""

from .cfu import UNUSED_SLOT_RESULT, Cfu, CfuSignature
from .instruction import (MASK32, Instruction, InstructionSignature, InstructionSpec, ReferenceModel,
                          to_signed, to_unsigned)
from .verilog import cfu_verilog, write_cfu_verilog
from .verilog_cfu import VerilogCfu

__all__ = [
    "Cfu", "CfuSignature", "UNUSED_SLOT_RESULT",
    "Instruction", "InstructionSignature", "InstructionSpec", "ReferenceModel", "MASK32",
    "to_signed", "to_unsigned",
    "cfu_verilog", "write_cfu_verilog",
    "VerilogCfu",
]
