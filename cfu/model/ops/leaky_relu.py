"""LEAKY_RELU, int8 and int16: two multipliers, input/output scale and alpha x input/output scale, formed from
the float32 values in double as the pinned TFLite Micro's Prepare does."""

from __future__ import annotations

import math


from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.relu import require_unary, unary_kernel
from cfu.model.quant import effective_scale, quantize_multiplier
from cfu.model.schema import schema

OPERATOR = "LEAKY_RELU"
#: A larger rescale shifts the int32 input left past its top bit in MultiplyByQuantizedMultiplier.
MAX_RESCALE = 2.0 ** 30


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.LeakyReluOptionsT)
    input, output = require_unary(ctx, ("int8", "int16"))
    alpha_scale = effective_scale(input.scale, opts.alpha, output.scale)
    identity_scale = effective_scale(input.scale, 1.0, output.scale)
    for what, scale in (("alpha times the input scale", alpha_scale), ("the input scale", identity_scale)):
        if not math.isfinite(scale) or abs(scale) >= MAX_RESCALE:
            raise ctx.error(f"{what} over the output scale is {scale:g} (alpha {opts.alpha:g}); it must be a finite "
                            "number below 2^30 (TFLite Micro's integer rescale overflows beyond)")
    alpha_multiplier, alpha_shift = quantize_multiplier(alpha_scale)
    identity_multiplier, identity_shift = quantize_multiplier(identity_scale)
    params = ctx.params("LeakyReluParams", {
        "input_offset": input.zero_point, "output_offset": output.zero_point,
        "output_multiplier_identity": identity_multiplier, "output_shift_identity": identity_shift,
        "output_multiplier_alpha": alpha_multiplier, "output_shift_alpha": alpha_shift,
    })
    return LayerCode("kernels/leaky_relu.h",
                     f"{unary_kernel('LeakyRelu', input)}({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
