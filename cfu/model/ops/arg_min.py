"""ARG_MIN: the index along a constant axis (first on ties), int8 in, int32 out."""

from __future__ import annotations

from cfu.model.ops.arg_min_max import arg_min_max
from cfu.model.ops.base import LayerCode, OpContext

OPERATOR = "ARG_MIN"


def prepare(ctx: OpContext) -> LayerCode:
    return arg_min_max(ctx, "ArgMin")
