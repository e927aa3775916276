"""DEPTHWISE_CONV_2D: int8 (or 16x8: int16) input/output, int8 per-channel (or per-tensor) weights, int32 (16x8:
int64 or int32) bias."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.convolution import check_convolution, convolution_call, int16_source
from cfu.model.schema import schema

OPERATOR = "DEPTHWISE_CONV_2D"


def prepare(ctx: OpContext) -> LayerCode:
    def check_filter(filter, in_c: int, out_c: int) -> None:
        if filter.shape[0] != 1 or in_c == 0 or out_c % in_c:
            raise ctx.error(f"filter shape {list(filter.shape)} is not [1, h, w, {in_c} * multiplier]")

    if len(ctx.op.inputs) > 2 and ctx.op.inputs[2] is None:
        # TFLite Micro's Prepare releases a bias given as absent (-1) without checking it, and crashes.
        raise ctx.error("its bias input is given as absent (-1), which crashes TFLite Micro; leave the "
                        "bias out (two inputs) or give zeros")
    bias = ctx.optional_input(2)
    if ctx.input(0).dtype == "int16" and bias is not None and bias.dtype == "int32":
        # TFLite Micro's 16x8 kernel reads the bias as int64 whatever its type (garbage for int32).
        raise ctx.error(f"bias tensor '{bias.name}' has type int32; the 16x8 (int16) DEPTHWISE_CONV_2D of "
                        "TFLite Micro takes an int64 bias")
    conv = check_convolution(ctx, schema.DepthwiseConv2DOptionsT, 3, check_filter)
    depth_multiplier = conv.out_c // conv.input.shape[3]
    if conv.opts.depthMultiplier != depth_multiplier:
        # TFLite Micro's kernel loops over the option's multiplier: another value leaves outputs unwritten.
        raise ctx.error(f"option depth_multiplier is {conv.opts.depthMultiplier}, but the filter makes "
                        f"{conv.out_c} output channels of {conv.input.shape[3]} input channels "
                        f"(multiplier {depth_multiplier})")
    params = ctx.params("DepthwiseParams", {**conv.params, "depth_multiplier": depth_multiplier})
    n, (k_h, k_w) = conv.input.shape[0], conv.filter.shape[1:3]
    macs = n * conv.out_h * conv.out_w * conv.out_c * k_h * k_w
    function = "DepthwiseConvPerChannel16x8" if conv.input.dtype == "int16" else "DepthwiseConvPerChannel"
    return LayerCode("kernels/depthwise_conv_2d.h", convolution_call(ctx, function, params, conv), macs,
                     int16_source("kernels/depthwise_conv_2d.h", conv.input.dtype))
