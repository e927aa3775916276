"""ELU, int8: TFLite Micro's 256-entry table, computed here in float32 as its Prepare does
(dequantize, expm1 below 0, multiply by 1/output scale, round half away, add the zero point, clamp)."""

from __future__ import annotations

import numpy as np

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.relu import require_unary

OPERATOR = "ELU"


def elu_table(input_scale: float, input_zero_point: int, output_scale: float, output_zero_point: int) -> list[int]:
    """Output of every int8 input, indexed by the input's byte (0..127, then -128..-1)."""
    values = np.arange(-128, 128, dtype=np.int32)
    x = np.float32(input_scale) * (values - input_zero_point).astype(np.float32)
    transformed = np.where(x < 0, np.expm1(np.minimum(x, np.float32(0))), x).astype(np.float32)
    scaled = (transformed * (np.float32(1.0) / np.float32(output_scale))).astype(np.float64)
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)  # round half away (exact in float64)
    quantized = np.clip(rounded + output_zero_point, -128, 127).astype(np.int64)
    table = np.empty(256, np.int64)
    table[values.astype(np.uint8)] = quantized
    return table.tolist()


def prepare(ctx: OpContext) -> LayerCode:
    input, output = require_unary(ctx)
    table = ctx.array("table", "int8_t", elu_table(input.scale, input.zero_point, output.scale, output.zero_point))
    return LayerCode("kernels/elu.h", f"Elu({table}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
