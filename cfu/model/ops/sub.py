"""SUB, int8: ADD's rescaling (TFLite's ArithmeticParams), the difference, fused activation, broadcasting."""

from __future__ import annotations

from cfu.model.ops.add import arithmetic_params, binary_call
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.schema import schema

OPERATOR = "SUB"


def prepare(ctx: OpContext) -> LayerCode:
    params = arithmetic_params(ctx, ctx.require_options(schema.SubOptionsT))
    return LayerCode("kernels/sub.h", binary_call(ctx, "Sub", params))
