"""Checks shared by MAXIMUM and MINIMUM."""

from __future__ import annotations

from cfu.model.ops.base import OpContext
from cfu.model.ops.support import require_broadcast_output


def require_operands(ctx: OpContext) -> None:
    """Two int8 or two int16 inputs (and output) that broadcast to the output's shape."""
    a, b, output = ctx.input(0), ctx.input(1), ctx.output(0)
    ctx.require_type(a, "input 1", ["int8", "int16"])
    for role, t in (("input 2", b), ("output", output)):
        ctx.require_type(t, role, [a.dtype])
    require_broadcast_output(ctx, a.shape, b.shape, output.shape)
