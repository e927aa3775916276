"""CONV_2D: int8 (or 16x8: int16) input/output, int8 per-channel (or per-tensor) weights, int32 (16x8: int64 or
int32) bias."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.convolution import check_convolution, convolution_call, int16_source, kernel_variant
from cfu.model.schema import schema

OPERATOR = "CONV_2D"


def prepare(ctx: OpContext) -> LayerCode:
    def check_filter(filter, in_c: int, out_c: int) -> None:
        filter_in_c = filter.shape[3]
        if filter_in_c <= 0 or in_c % filter_in_c or in_c < filter_in_c or out_c % (in_c // filter_in_c):
            raise ctx.error(f"filter depth {filter_in_c} does not divide input depth {in_c} "
                            f"into groups of the {out_c} output channels")

    conv = check_convolution(ctx, schema.Conv2DOptionsT, 0, check_filter)
    params = ctx.params("ConvParams", conv.params)
    n, k_h, k_w, filter_in_c = conv.input.shape[0], *conv.filter.shape[1:]
    macs = n * conv.out_h * conv.out_w * conv.out_c * k_h * k_w * filter_in_c
    function = kernel_variant("ConvPerChannel", conv.input.dtype, conv.bias)
    return LayerCode("kernels/conv_2d.h", convolution_call(ctx, function, params, conv), macs,
                     int16_source("kernels/conv_2d.h", conv.input.dtype))
