"""CONV_2D: int8 input/output, int8 per-channel (or per-tensor) weights, int32 bias."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.common import (activation_bounds, leading_padding, out_size,
                                  per_channel_multipliers)
from cfu.model.schema import schema

OPERATOR = "CONV_2D"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.Conv2DOptionsT)
    input, filter, output = ctx.input(0), ctx.input(1), ctx.output(0)
    bias = ctx.optional_input(2)
    for role, t in (("input", input), ("filter", filter), ("output", output)):
        ctx.require_type(t, role, ["int8"])
        ctx.require_rank(t, role, [4])
    ctx.require_constant(filter, "filter")
    n, in_h, in_w, in_c = input.shape
    out_c, k_h, k_w, filter_in_c = filter.shape
    ctx.require_quantized(input, "input")
    ctx.require_quantized(output, "output")
    ctx.require_quantized(filter, "filter", out_c)
    if any(filter.zero_points):
        raise ctx.error("filter zero points must be 0 (symmetric int8 weights)")
    if bias is not None:
        ctx.require_type(bias, "bias", ["int32"])
        ctx.require_constant(bias, "bias")
        if bias.size != out_c:
            raise ctx.error(f"bias has {bias.size} values for {out_c} output channels")
    if filter_in_c <= 0 or in_c % filter_in_c or in_c < filter_in_c or out_c % (in_c // filter_in_c):
        raise ctx.error(f"filter depth {filter_in_c} does not divide input depth {in_c} "
                        f"into groups of the {out_c} output channels")
    sh, sw = opts.strideH, opts.strideW
    dh, dw = opts.dilationHFactor, opts.dilationWFactor
    if min(sh, sw, dh, dw) < 1:
        raise ctx.error(f"strides ({sh}, {sw}) and dilations ({dh}, {dw}) must be >= 1")
    if opts.padding not in (schema.Padding.SAME, schema.Padding.VALID):
        raise ctx.error(f"padding {opts.padding} is not SAME or VALID")
    out_h = out_size(opts.padding, in_h, k_h, sh, dh)
    out_w = out_size(opts.padding, in_w, k_w, sw, dw)
    if output.shape != (n, out_h, out_w, out_c):
        raise ctx.error(f"output shape {list(output.shape)} differs from the computed "
                        f"{[n, out_h, out_w, out_c]}")
    act_min, act_max = activation_bounds(ctx, opts.fusedActivationFunction, output)
    mults, shifts = per_channel_multipliers(input, filter, output, out_c)
    params = ctx.params("ConvParams", {
        "stride_width": sw, "stride_height": sh,
        "dilation_width": dw, "dilation_height": dh,
        "padding_width": leading_padding(sw, dw, in_w, k_w, out_w),
        "padding_height": leading_padding(sh, dh, in_h, k_h, out_h),
        "input_offset": -input.zero_point, "output_offset": output.zero_point,
        "activation_min": act_min, "activation_max": act_max,
    })
    call = (f"ConvPerChannel({params}, {ctx.array('multiplier', 'int32_t', mults)}, "
            f"{ctx.array('shift', 'int32_t', shifts)}, "
            f"{ctx.dims(input)}, {ctx.ptr(input)}, {ctx.dims(filter)}, {ctx.ptr(filter)}, "
            f"{ctx.ptr(bias)}, {ctx.dims(output)}, {ctx.ptr(output)});")
    return LayerCode("kernels/conv_2d.h", call, n * out_h * out_w * out_c * k_h * k_w * filter_in_c)
