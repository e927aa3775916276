"""REDUCE_MAX, int8: the largest raw value over up to two axes; input and output quantized alike
(TFLite Micro's check)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.mean import reduced_shapes
from cfu.model.ops.support import declare_params, dims4_initializer, require_int8_activations, require_same_quantization

OPERATOR = "REDUCE_MAX"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    require_int8_activations(ctx, ("input", input), ("output", output))
    require_same_quantization(ctx, input, output)
    window, kept = reduced_shapes(ctx)
    params = declare_params(ctx, "ReduceMaxParams", {"window": dims4_initializer(window)})
    return LayerCode("kernels/reduce_max.h",
                     f"ReduceMax({params}, {ctx.dims(input)}, {ctx.ptr(input)}, {ctx.dims(kept)}, {ctx.ptr(output)});")
