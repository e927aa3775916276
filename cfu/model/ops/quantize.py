"""QUANTIZE: float32 -> int8 / int16 (TFLite Micro's AffineQuantize) and int8 / int16 -> int8 / int16
(Requantize)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import KERNEL_SUFFIX, declare_params
from cfu.model.quant import quantize_multiplier

OPERATOR = "QUANTIZE"
#: The largest left shift of a requantization whose input (less its zero point) still fits int32.
MAX_SHIFT = {"int8": 23, "int16": 15}


def requantize_kernel(input_type: str, output_type: str) -> str:
    """`Requantize` for int8 -> int8, `Requantize<In>To<Out>` for the other integer pairs."""
    if input_type == output_type == "int8":
        return "Requantize"
    return f"Requantize{input_type.capitalize()}To{output_type.capitalize()}"


def prepare(ctx: OpContext) -> LayerCode:
    input, output = ctx.input(0), ctx.output(0)
    ctx.require_type(input, "input", ["float32", "int8", "int16"])
    ctx.require_type(output, "output", ["int8", "int16"])
    ctx.require_quantized(output, "output")
    if input.size != output.size:
        raise ctx.error(f"input {list(input.shape)} and output {list(output.shape)} differ "
                        "in size")
    if input.dtype == "float32":
        params = declare_params(ctx, "QuantizeParams", {
            "scale": output.scale, "zero_point": output.zero_point})
        return LayerCode("kernels/quantize.h",
                         f"AffineQuantize{KERNEL_SUFFIX[output.dtype]}({params}, {output.size}, "
                         f"{ctx.ptr(input, 'float')}, {ctx.ptr(output)});")
    ctx.require_quantized(input, "input")
    multiplier, shift = quantize_multiplier(input.scale / output.scale)
    if shift > MAX_SHIFT[input.dtype]:
        # A difference of two input values shifted further would overflow int32.
        raise ctx.error(f"input scale {input.scale:g} over output scale {output.scale:g} is "
                        f"too large (>= 2^{MAX_SHIFT[input.dtype]})")
    params = ctx.params("RequantizeParams", {
        "input_zero_point": input.zero_point, "output_zero_point": output.zero_point,
        "multiplier": multiplier, "shift": shift})
    return LayerCode("kernels/quantize.h",
                     f"{requantize_kernel(input.dtype, output.dtype)}({params}, {output.size}, {ctx.ptr(input)}, "
                     f"{ctx.ptr(output)});")
