"""RESHAPE: same data, new shape (a copy between arena places). The example op of docs/models.md."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.squeeze import reshape_call
from cfu.model.ops.strided import require_same_type

OPERATOR = "RESHAPE"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    require_same_type(ctx, input, output)
    if input.size != output.size:
        raise ctx.error(f"input has {input.size} elements, output {list(output.shape)} "
                        f"has {output.size}")
    return LayerCode("kernels/reshape.h", reshape_call(ctx, input, output))
