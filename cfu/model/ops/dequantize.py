"""DEQUANTIZE, int8 / int16 -> float32: scale * (x - zero_point) (TFLite Micro's Dequantize)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import KERNEL_SUFFIX, declare_params

OPERATOR = "DEQUANTIZE"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    ctx.require_type(input, "input", ["int8", "int16"])
    ctx.require_type(output, "output", ["float32"])
    ctx.require_quantized(input, "input")
    if input.size != output.size:
        raise ctx.error(f"input {list(input.shape)} and output {list(output.shape)} differ "
                        "in size")
    params = declare_params(ctx, "DequantizeParams", {
        "scale": input.scale, "zero_point": input.zero_point})
    return LayerCode("kernels/dequantize.h",
                     f"Dequantize{KERNEL_SUFFIX[input.dtype]}({params}, {input.size}, {ctx.ptr(input)}, "
                     f"{ctx.ptr(output, 'float')});")
