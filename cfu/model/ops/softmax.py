"""SOFTMAX, int8 -> int8: TFLite Micro's fixed-point path (differences rescaled to Q5.26); int16 -> int16: its
exp and reciprocal tables (16x8 quantization)."""

from __future__ import annotations

import numpy as np

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import (calculate_input_radius, declare_params, require_activations,
                                   require_int8_activations)
from cfu.model.quant import float32_exp, float32_one_over_one_plus, int16_lut, quantize_multiplier
from cfu.model.schema import schema

OPERATOR = "SOFTMAX"
SCALED_DIFF_INTEGER_BITS = 5


def softmax_scaling(beta: float, input_scale: float) -> tuple[int, int, int] | None:
    """TFLite's PreprocessSoftmaxScaling and diff_min: (multiplier, left shift, diff_min).

    beta * input_scale * 2^26 is capped at 2^31 - 1 (TFLite's double-rounding build) and
    must exceed 1 (TFLite's QuantizeMultiplierGreaterThanOne); None when it does not.
    """
    real = min(beta * input_scale * (1 << (31 - SCALED_DIFF_INTEGER_BITS)), (1 << 31) - 1.0)
    if not real > 1.0:
        return None
    multiplier, shift = quantize_multiplier(real)
    return multiplier, shift, -calculate_input_radius(SCALED_DIFF_INTEGER_BITS, shift)


def prepare_int16(ctx: OpContext, beta: float) -> LayerCode:
    """TFLite Micro's int16 SoftmaxPrepare: output 2^-15 (within 0.1 %), zero points 0, the differences scaled
    so that [-65535, 0] is [-10, 0], and the two 513-entry tables (gen_lut)."""
    input, output = ctx.input(0), ctx.output(0)
    require_activations(ctx, ["int16"], ("input", input), ("output", output))
    if abs(output.scale - 1.0 / 32768) > 0.001 / 32768:
        raise ctx.error(f"int16 output must have scale 1/32768, not {output.scale:g}")
    multiplier, shift = quantize_multiplier(input.scale * beta / (10.0 / 65535.0))
    if shift > 15:
        # A difference of two int16 values shifted further would overflow int32.
        raise ctx.error(f"beta {beta:g} times input scale {input.scale:g} is too large (>= 2^15 / 6553.5)")
    exp_lut = ctx.unit.declare_array("softmax_exp_lut", "int16_t", np.asarray(
        int16_lut(float32_exp, -10.0, 0.0)))
    reciprocal_lut = ctx.unit.declare_array("softmax_one_over_one_plus_x_lut", "int16_t", np.asarray(
        int16_lut(float32_one_over_one_plus, 0.0, 1.0)))
    params = declare_params(ctx, "SoftmaxInt16Params", {
        "input_multiplier": multiplier, "input_left_shift": shift,
        "exp_lut": exp_lut, "one_over_one_plus_x_lut": reciprocal_lut})
    return LayerCode("kernels/softmax.h",
                     f"SoftmaxInt16({params}, {ctx.dims(input)}, {ctx.ptr(input)}, {ctx.ptr(output)});")


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.SoftmaxOptionsT)
    input, output = ctx.input(0), ctx.output(0)
    if tuple(input.shape) != tuple(output.shape) or not input.shape:
        raise ctx.error(f"input {list(input.shape)} and output {list(output.shape)} must have "
                        "the same shape, of rank >= 1")
    if input.dtype == "int16":
        return prepare_int16(ctx, opts.beta)
    require_int8_activations(ctx, ("input", input), ("output", output))
    if output.zero_point != -128 or output.scale != 1.0 / 256:
        raise ctx.error(f"int8 output must have scale 1/256 and zero point -128, not scale "
                        f"{output.scale:g} and zero point {output.zero_point}")
    scaling = softmax_scaling(opts.beta, input.scale)
    if scaling is None:
        raise ctx.error(f"beta {opts.beta:g} times input scale {input.scale:g} is too small "
                        "(TFLite Micro needs more than 2^-26)")
    multiplier, shift, diff_min = scaling
    params = ctx.params("SoftmaxParams", {
        "input_multiplier": multiplier, "input_left_shift": shift, "diff_min": diff_min,
    })
    return LayerCode("kernels/softmax.h",
                     f"Softmax({params}, {ctx.dims(input)}, {ctx.ptr(input)}, {ctx.ptr(output)});")
