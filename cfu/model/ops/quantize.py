"""QUANTIZE: float32 -> int8 (TFLite Micro's AffineQuantize) and int8 -> int8 (Requantize)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import declare_params
from cfu.model.quant import quantize_multiplier

OPERATOR = "QUANTIZE"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    ctx.require_type(input, "input", ["float32", "int8"])
    ctx.require_type(output, "output", ["int8"])
    ctx.require_quantized(output, "output")
    if input.size != output.size:
        raise ctx.error(f"input {list(input.shape)} and output {list(output.shape)} differ "
                        "in size")
    if input.dtype == "float32":
        params = declare_params(ctx, "QuantizeParams", {
            "scale": output.scale, "zero_point": output.zero_point})
        return LayerCode("kernels/quantize.h",
                         f"AffineQuantize({params}, {output.size}, {ctx.ptr(input, 'float')}, "
                         f"{ctx.ptr(output)});")
    ctx.require_quantized(input, "input")
    multiplier, shift = quantize_multiplier(input.scale / output.scale)
    if shift > 23:
        # An int8 difference (|x| <= 255) shifted further would overflow int32.
        raise ctx.error(f"input scale {input.scale:g} over output scale {output.scale:g} is "
                        "too large (>= 2^23)")
    params = ctx.params("RequantizeParams", {
        "input_zero_point": input.zero_point, "output_zero_point": output.zero_point,
        "multiplier": multiplier, "shift": shift})
    return LayerCode("kernels/quantize.h",
                     f"Requantize({params}, {output.size}, {ctx.ptr(input)}, {ctx.ptr(output)});")
