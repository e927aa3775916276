"""CONCATENATION: inputs joined along an axis (rank <= 4), raw values copied as TFLite Micro does."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import HEADER, join, normalize_axis, require_same_type, require_shape
from cfu.model.schema import schema

OPERATOR = "CONCATENATION"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.ConcatenationOptionsT)
    output = ctx.output(0)
    inputs = [ctx.input(i) for i in range(len(ctx.op.inputs))]
    if opts.fusedActivationFunction != schema.ActivationFunctionType.NONE:
        raise ctx.error("a fused activation is not supported (TFLite Micro has none for int8)")
    for t in inputs:
        require_same_type(ctx, t, output)
        if t.dtype == "int8" and (t.scale != output.scale or t.zero_point != output.zero_point):
            raise ctx.error(f"input '{t.name}' (scale {t.scale:g}, zero point {t.zero_point}) and the output "
                            f"(scale {output.scale:g}, zero point {output.zero_point}) must share one "
                            "quantization (TFLite Micro copies the raw values)")
    rank = len(output.shape)
    axis = normalize_axis(ctx, opts.axis, rank)
    for t in inputs:
        if len(t.shape) != rank or any(a != b for k, (a, b) in enumerate(zip(t.shape, output.shape)) if k != axis):
            raise ctx.error(f"input shape {list(t.shape)} does not fit the output {list(output.shape)} "
                            f"outside axis {axis}")
    require_shape(ctx, output, [*output.shape[:axis], sum(t.shape[axis] for t in inputs), *output.shape[axis + 1:]])
    return LayerCode(HEADER, join(ctx, [(t, t.shape) for t in inputs], output, axis))
