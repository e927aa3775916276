"""PADV2, int8 and int16: PAD with an explicit constant value (TFLite Micro runs both with one kernel)."""

from __future__ import annotations

from cfu.model.ops import pad
from cfu.model.ops.base import LayerCode, OpContext

OPERATOR = "PADV2"


def prepare(ctx: OpContext) -> LayerCode:
    if ctx.optional_input(2) is None:
        raise ctx.error("the constant value input is missing")
    return pad.prepare(ctx)
