"""TRANSPOSE_CONV: int8 (or 16x8: int16) input/output, int8 per-channel (or per-tensor) weights, optional int32
(16x8: int64) bias.

Inputs are TFLite's order: output shape (constant), filter [out_c, kh, kw, in_c], input, bias.
The leading padding is TFLite's ComputePaddingHeightWidth applied to the output size.
"""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.common import activation_bounds, leading_padding, out_size, per_channel_multipliers
from cfu.model.ops.convolution import check_bias, check_weights
from cfu.model.ops.strided import constant_ints, require_shape
from cfu.model.schema import schema

OPERATOR = "TRANSPOSE_CONV"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.TransposeConvOptionsT)
    shape, filter, input, output = constant_ints(ctx, ctx.input(0), "output shape"), ctx.input(1), ctx.input(2), \
        ctx.output(0)
    bias = ctx.optional_input(3)
    check_weights(ctx, input, filter, output, 0)
    out_c, k_h, k_w, filter_in_c = filter.shape
    n, in_h, in_w, in_c = input.shape
    if filter_in_c != in_c:
        raise ctx.error(f"filter depth {filter_in_c} differs from the input depth {in_c}")
    require_shape(ctx, output, shape)
    if output.shape[0] != n or output.shape[3] != out_c:
        raise ctx.error(f"output shape {list(output.shape)} does not fit batch {n} and {out_c} filters")
    if input.dtype == "int16" and bias is not None:  # TFLite Micro reads a 16x8 bias as int64
        ctx.require_type(bias, "bias", ["int64"])
    check_bias(ctx, bias, out_c, input.dtype)
    sh, sw = opts.strideH, opts.strideW
    if min(sh, sw) < 1:
        raise ctx.error(f"strides ({sh}, {sw}) must be >= 1")
    if opts.padding not in (schema.Padding.SAME, schema.Padding.VALID):
        raise ctx.error(f"padding {opts.padding} is not SAME or VALID")
    out_h, out_w = output.shape[1:3]
    act_min, act_max = activation_bounds(ctx, opts.fusedActivationFunction, output)
    mults, shifts = per_channel_multipliers(input, filter, output, out_c)
    params = ctx.params("TransposeConvParams", {
        "stride_width": sw, "stride_height": sh,
        "padding_width": leading_padding(sw, 1, out_w, k_w, out_size(ctx, opts.padding, out_w, k_w, sw, 1)),
        "padding_height": leading_padding(sh, 1, out_h, k_h, out_size(ctx, opts.padding, out_h, k_h, sh, 1)),
        "input_offset": -input.zero_point, "output_offset": output.zero_point,
        "activation_min": act_min, "activation_max": act_max,
    })
    function = "TransposeConvPerChannel" + ("16x8" if input.dtype == "int16" else "")
    call = (f"{function}({params}, {ctx.array('multiplier', 'int32_t', mults)}, "
            f"{ctx.array('shift', 'int32_t', shifts)}, {ctx.dims(input)}, {ctx.ptr(input)}, {ctx.dims(filter)}, "
            f"{ctx.ptr(filter)}, {ctx.ptr(bias)}, {ctx.dims(output)}, {ctx.ptr(output)});")
    return LayerCode("kernels/transpose_conv.h", call, macs=n * in_h * in_w * in_c * k_h * k_w * out_c)
