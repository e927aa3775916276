"""L2_NORMALIZATION, int8: over the last dimension; the output must have scale 1/128 and zero point 0
(TFLite Micro's checks), no fused activation."""

from __future__ import annotations

import math

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.relu import require_unary
from cfu.model.schema import schema

OPERATOR = "L2_NORMALIZATION"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.L2NormOptionsT)
    input, output = require_unary(ctx)
    if opts.fusedActivationFunction != schema.ActivationFunctionType.NONE:
        raise ctx.error("a fused activation is not supported (TFLite Micro has none)")
    if output.scale != 1.0 / 128 or output.zero_point != 0:
        raise ctx.error(f"int8 output must have scale 1/128 and zero point 0, not {output.scale:g} and "
                        f"{output.zero_point}")
    depth = input.shape[-1] if input.shape else 1
    params = ctx.params("L2NormalizationParams", {
        "input_zero_point": input.zero_point, "outer_size": math.prod(input.shape[:-1]), "depth": depth,
    })
    return LayerCode("kernels/l2_normalization.h",
                     f"L2Normalization({params}, {ctx.ptr(input)}, {ctx.ptr(output)});")
