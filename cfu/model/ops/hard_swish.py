"""HARD_SWISH, int8: TFLite's HardSwishPrepare (float32 scales, 16-bit fixed-point multipliers)."""

from __future__ import annotations

import numpy as np

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.relu import require_unary
from cfu.model.quant import quantize_multiplier

OPERATOR = "HARD_SWISH"


def to_int16_multiplier(multiplier: int) -> int:
    """TFLite's DownScaleInt32ToInt16Multiplier: the Q31 multiplier rounded to Q15, saturating."""
    if multiplier >= 2**31 - 1 - (1 << 15):
        return 2**15 - 1
    return (multiplier + (1 << 15)) >> 16


def prepare(ctx: OpContext) -> LayerCode:
    input, output = require_unary(ctx)
    hires_input_scale = np.float32(1.0 / 128.0) * np.float32(input.scale)
    reluish_scale = np.float32(3.0 / 32768.0)
    output_multiplier, output_exponent = quantize_multiplier(float(hires_input_scale / np.float32(output.scale)))
    if output_exponent > 0:
        raise ctx.error(f"output scale {output.scale:g} is too small for the input scale {input.scale:g} "
                        "(TFLite Micro needs input scale / 128 < output scale)")
    reluish_multiplier, reluish_exponent = quantize_multiplier(float(hires_input_scale / reluish_scale))
    params = ctx.params("HardSwishParams", {
        "input_zero_point": input.zero_point, "output_zero_point": output.zero_point,
        "reluish_multiplier_fixedpoint_int16": to_int16_multiplier(reluish_multiplier),
        "reluish_multiplier_exponent": reluish_exponent,
        "output_multiplier_fixedpoint_int16": to_int16_multiplier(output_multiplier),
        "output_multiplier_exponent": output_exponent,
    })
    return LayerCode("kernels/hard_swish.h",
                     f"HardSwish({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
