"""MUL, int8 and int16: one output multiplier, fused activation, broadcasting (rank <= 4)."""

from __future__ import annotations

from cfu.model.ops.add import binary_call
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.common import activation_bounds
from cfu.model.ops.convolution import int16_source
from cfu.model.ops.support import require_activations, require_broadcast_output
from cfu.model.quant import quantize_multiplier
from cfu.model.schema import schema

OPERATOR = "MUL"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.MulOptionsT)
    a, b, output = ctx.input(0), ctx.input(1), ctx.output(0)
    activations = require_activations(ctx, ["int8", "int16"], ("input 1", a), ("input 2", b), ("output", output))
    require_broadcast_output(ctx, a.shape, b.shape, output.shape)
    multiplier, shift = quantize_multiplier(a.scale * b.scale / output.scale)
    if shift > 15:
        # The int32 product of two int8 values (|x| <= 2^16) would overflow the left shift (int16: see
        # TFLite's 16x8 converter, which keeps this factor below 1).
        raise ctx.error(f"input scales {a.scale:g} * {b.scale:g} over output scale "
                        f"{output.scale:g} is too large (>= 2^15)")
    act_min, act_max = activation_bounds(ctx, opts.fusedActivationFunction, output)
    params = ctx.params("MulParams", {
        "input1_offset": -a.zero_point, "input2_offset": -b.zero_point,
        "output_offset": output.zero_point,
        "output_multiplier": multiplier, "output_shift": shift,
        "activation_min": act_min, "activation_max": act_max,
    })
    return LayerCode("kernels/mul.h", binary_call(ctx, "Mul", params), source=int16_source("kernels/mul.h", activations))
