"""SUM, int8: MEAN's kernel without the 1/count (TFLite's QuantizedMeanOrSum with compute_sum)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.mean import mean_or_sum

OPERATOR = "SUM"


def prepare(ctx: OpContext) -> LayerCode:
    return mean_or_sum(ctx, mean=False)
