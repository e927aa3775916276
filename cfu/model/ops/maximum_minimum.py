"""Checks shared by MAXIMUM and MINIMUM."""

from __future__ import annotations

from cfu.model.ops.base import OpContext
from cfu.model.ops.support import require_broadcast_output


def require_operands(ctx: OpContext) -> None:
    """Two int8 inputs that broadcast to the output's shape."""
    a, b, output = ctx.input(0), ctx.input(1), ctx.output(0)
    for role, t in (("input 1", a), ("input 2", b), ("output", output)):
        ctx.require_type(t, role, ["int8"])
    require_broadcast_output(ctx, a.shape, b.shape, output.shape)
