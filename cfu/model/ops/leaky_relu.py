"""LEAKY_RELU, int8 and int16: two multipliers, input/output scale and alpha x input/output scale, formed in
float32 as TFLite Micro's Prepare does."""

from __future__ import annotations

import numpy as np

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.relu import require_unary, unary_kernel
from cfu.model.quant import quantize_multiplier
from cfu.model.schema import schema

OPERATOR = "LEAKY_RELU"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.LeakyReluOptionsT)
    input, output = require_unary(ctx, ("int8", "int16"))
    in_scale, out_scale = np.float32(input.scale), np.float32(output.scale)
    alpha_multiplier, alpha_shift = quantize_multiplier(float(in_scale * np.float32(opts.alpha) / out_scale))
    identity_multiplier, identity_shift = quantize_multiplier(float(in_scale / out_scale))
    params = ctx.params("LeakyReluParams", {
        "input_offset": input.zero_point, "output_offset": output.zero_point,
        "output_multiplier_identity": identity_multiplier, "output_shift_identity": identity_shift,
        "output_multiplier_alpha": alpha_multiplier, "output_shift_alpha": alpha_shift,
    })
    return LayerCode("kernels/leaky_relu.h",
                     f"{unary_kernel('LeakyRelu', input)}({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
