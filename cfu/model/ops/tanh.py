"""TANH, int8 -> int8: TFLite Micro's fixed-point path (input rescaled to Q4.27, LOGISTIC's
scaling); the output is computed for scale 1/128 and zero point 0, which the model must use. int16 -> int16:
LOGISTIC's interpolated sigmoid table (16x8 quantization)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.logistic import q4_params, sigmoid_table_layer

OPERATOR = "TANH"


def prepare(ctx: OpContext) -> LayerCode:
    if ctx.input(0).dtype == "int16":
        return sigmoid_table_layer(ctx, "TanhInt16", "kernels/tanh.h", (0, 1))
    input, output, fields = q4_params(ctx, 0)
    params = ctx.params("TanhParams", fields)
    return LayerCode("kernels/tanh.h", f"Tanh({params}, {input.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
