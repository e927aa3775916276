"""RELU6, int8 and int16: the raw input clamped to its quantized 0 and 6 (TFLite Micro does not requantize)."""

from __future__ import annotations

import numpy as np

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.relu import require_unary, unary_kernel
from cfu.model.quant import INTEGER_RANGES, round_half_away

OPERATOR = "RELU6"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = require_unary(ctx, ("int8", "int16"))
    # TFLite's FloatToQuantizedType: 6 / scale in float32, rounded, plus the zero point, clamped to the type.
    six = round_half_away(float(np.float32(6.0) / np.float32(input.scale))) + input.zero_point
    low, high = INTEGER_RANGES[input.dtype]
    params = ctx.params("Relu6Params", {"lower": input.zero_point, "upper": min(max(six, low), high)})
    return LayerCode("kernels/relu6.h", f"{unary_kernel('Relu6', input)}({params}, {input.size}, {ctx.ptr(input)}, "
                                        f"{ctx.ptr(output)});")
