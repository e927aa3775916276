"""FULLY_CONNECTED: int8 (or 16x8: int16) input/output, int8 weights (per-tensor or per-channel), int32 (16x8:
int64 or int32) bias."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.common import (activation_bounds, per_channel_multipliers,
                                  per_tensor_multiplier, require_bias_scale, require_known_bias_type)
from cfu.model.ops.convolution import check_bias, int16_source, kernel_variant
from cfu.model.ops.support import require_activations
from cfu.model.schema import schema

OPERATOR = "FULLY_CONNECTED"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.FullyConnectedOptionsT)
    require_known_bias_type(ctx, opts)
    input, filter, output = ctx.input(0), ctx.input(1), ctx.output(0)
    bias = ctx.optional_input(2)
    activations = require_activations(ctx, ["int8", "int16"], ("input", input), ("output", output))
    ctx.require_type(filter, "filter", ["int8"])
    ctx.require_rank(filter, "filter", [2])
    ctx.require_constant(filter, "filter")
    if opts.weightsFormat != schema.FullyConnectedOptionsWeightsFormat.DEFAULT:
        raise ctx.error("shuffled weights are not supported (weights_format must be DEFAULT)")
    units, depth = filter.shape
    ctx.require_quantized(filter, "filter", units)
    if depth == 0 or input.size % depth:
        raise ctx.error(f"input of {input.size} values is not a whole number of {depth}-deep rows")
    batches = input.size // depth
    if output.size != batches * units or (output.shape and output.shape[-1] != units):
        raise ctx.error(f"output shape {list(output.shape)} is not {batches} rows of {units}")
    check_bias(ctx, bias, units, activations)
    act_min, act_max = activation_bounds(ctx, opts.fusedActivationFunction, output)
    per_channel = len(filter.scales) > 1
    if per_channel:
        mults, shifts = per_channel_multipliers(input, filter, output, units)
    else:
        if bias is not None:
            require_bias_scale(ctx, input, filter, bias, output)
        m, s = per_tensor_multiplier(input, filter, output)
        mults, shifts = [m], [s]
    params = ctx.params("FullyConnectedParams", {
        # TFLite's per-channel kernels take symmetric weights: their zero points play no part
        "input_offset": -input.zero_point, "weights_offset": 0 if per_channel else -filter.zero_point,
        "output_offset": output.zero_point,
        "activation_min": act_min, "activation_max": act_max,
        "per_channel": int(per_channel),
    })
    function = kernel_variant("FullyConnected", activations, bias)
    call = (f"{function}({params}, {ctx.array('multiplier', 'int32_t', mults)}, "
            f"{ctx.array('shift', 'int32_t', shifts)}, "
            f"{ctx.dims([batches, depth])}, {ctx.ptr(input)}, {ctx.dims(filter)}, "
            f"{ctx.ptr(filter)}, {ctx.ptr(bias)}, {ctx.dims([batches, units])}, "
            f"{ctx.ptr(output)});")
    return LayerCode("kernels/fully_connected.h", call, batches * units * depth,
                     int16_source("kernels/fully_connected.h", activations))
