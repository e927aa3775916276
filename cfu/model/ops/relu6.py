"""RELU6, int8: the raw input clamped to its quantized 0 and 6 (TFLite Micro does not requantize)."""

from __future__ import annotations

import numpy as np

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.relu import require_unary
from cfu.model.quant import round_half_away

OPERATOR = "RELU6"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = require_unary(ctx)
    # TFLite's FloatToQuantizedType: 6 / scale in float32, rounded, plus the zero point, clamped to int8.
    six = round_half_away(float(np.float32(6.0) / np.float32(input.scale))) + input.zero_point
    params = ctx.params("Relu6Params", {"lower": input.zero_point, "upper": min(max(six, -128), 127)})
    return LayerCode("kernels/relu6.h", f"Relu6({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
