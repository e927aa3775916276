"""MINIMUM: the elementwise minimum of the raw values (TFLite Micro does not requantize), broadcasting."""

from __future__ import annotations

from cfu.model.ops.add import binary_call
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.maximum_minimum import require_operands

OPERATOR = "MINIMUM"


def prepare(ctx: OpContext) -> LayerCode:
    require_operands(ctx)
    return LayerCode("kernels/maximum_minimum.h", binary_call(ctx, "Minimum", "0"))
