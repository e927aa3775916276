"""Reusable CFU building blocks, each with its reference model."""

from .mac import Mac4, mac4
from .requant import (RequantizeInstruction, RoundingDivideByPOT, SaturatingRoundingDoublingHighMul,
                      multiply_by_quantized_multiplier, requantize, rounding_divide_by_pot, saturating_rounding_doubling_high_mul)
from .requant_pipeline import QuantizedMultiplyPipeline, RequantizePipeline

__all__ = [
    "Mac4", "mac4",
    "SaturatingRoundingDoublingHighMul", "RoundingDivideByPOT", "RequantizeInstruction",
    "saturating_rounding_doubling_high_mul", "rounding_divide_by_pot", "multiply_by_quantized_multiplier", "requantize",
    "QuantizedMultiplyPipeline", "RequantizePipeline",
]
