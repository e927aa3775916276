"""RESHAPE: same data, new shape (a copy between arena places). The example op of docs/models.md."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext

OPERATOR = "RESHAPE"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    ctx.require_type(input, "input", ["int8"])
    ctx.require_type(output, "output", [input.dtype])
    if input.size != output.size:
        raise ctx.error(f"input has {input.size} elements, output {list(output.shape)} "
                        f"has {output.size}")
    return LayerCode("kernels/reshape.h",
                     f"Reshape({ctx.ptr(input)}, {ctx.ptr(output)}, {output.nbytes});")
