"""AVERAGE_POOL_2D, int8 and int16: window, strides, SAME/VALID padding, fused activation."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.common import activation_bounds, leading_padding, out_size
from cfu.model.ops.convolution import int16_source
from cfu.model.ops.support import KERNEL_SUFFIX, require_activations, require_same_quantization
from cfu.model.schema import schema

OPERATOR = "AVERAGE_POOL_2D"


def pool_params(ctx: OpContext) -> str:
    """Validate a pooling op and declare its `struct PoolParams` (TFLite's PoolingPrepare)."""
    opts = ctx.require_options(schema.Pool2DOptionsT)
    input, output = ctx.input(0), ctx.output(0)
    require_activations(ctx, ["int8", "int16"], ("input", input), ("output", output))
    ctx.require_rank(input, "input", [4])
    ctx.require_rank(output, "output", [4])
    require_same_quantization(ctx, input, output)
    if min(opts.strideH, opts.strideW, opts.filterHeight, opts.filterWidth) < 1:
        raise ctx.error(f"strides ({opts.strideH}, {opts.strideW}) and filter "
                        f"({opts.filterHeight}, {opts.filterWidth}) must be positive")
    if opts.padding not in (schema.Padding.SAME, schema.Padding.VALID):
        raise ctx.error(f"unknown padding {opts.padding}")
    n, h, w, c = input.shape
    oh = out_size(ctx, opts.padding, h, opts.filterHeight, opts.strideH, 1)
    ow = out_size(ctx, opts.padding, w, opts.filterWidth, opts.strideW, 1)
    if tuple(output.shape) != (n, oh, ow, c) or oh < 1 or ow < 1:
        raise ctx.error(f"output shape {list(output.shape)} does not match the pooling of "
                        f"{list(input.shape)}, expected {[n, oh, ow, c]}")
    act_min, act_max = activation_bounds(ctx, opts.fusedActivationFunction, output)
    return ctx.params("PoolParams", {
        "stride_width": opts.strideW, "stride_height": opts.strideH,
        "filter_width": opts.filterWidth, "filter_height": opts.filterHeight,
        "padding_width": leading_padding(opts.strideW, 1, w, opts.filterWidth, ow),
        "padding_height": leading_padding(opts.strideH, 1, h, opts.filterHeight, oh),
        "activation_min": act_min, "activation_max": act_max,
    })


def pool_layer(ctx: OpContext, header: str, function: str) -> LayerCode:
    """A pooling layer calling `function` (its int16 variant for int16 tensors)."""
    params = pool_params(ctx)
    input, output = ctx.input(0), ctx.output(0)
    return LayerCode(header, f"{function}{KERNEL_SUFFIX[input.dtype]}({params}, {ctx.dims(input)}, "
                             f"{ctx.ptr(input)}, {ctx.dims(output)}, {ctx.ptr(output)});",
                     source=int16_source(header, input.dtype))


def prepare(ctx: OpContext) -> LayerCode:
    return pool_layer(ctx, "kernels/average_pool_2d.h", "AveragePool")
