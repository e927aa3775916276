"""SUB, int8 and int16: ADD's rescaling (TFLite's ArithmeticParams), the difference, fused activation, broadcasting."""

from __future__ import annotations

from cfu.model.ops.add import arithmetic_params, binary_call
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.convolution import int16_source
from cfu.model.schema import schema

OPERATOR = "SUB"


def prepare(ctx: OpContext) -> LayerCode:
    params = arithmetic_params(ctx, ctx.require_options(schema.SubOptionsT), ("int8", "int16"))
    return LayerCode("kernels/sub.h", binary_call(ctx, "Sub", params), source=int16_source("kernels/sub.h", ctx.output(0).dtype))
