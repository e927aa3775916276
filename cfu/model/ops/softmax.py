"""SOFTMAX, int8 -> int8: TFLite Micro's fixed-point path (differences rescaled to Q5.26)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import calculate_input_radius, require_int8_activations
from cfu.model.quant import quantize_multiplier
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


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.SoftmaxOptionsT)
    input, output = ctx.input(0), ctx.output(0)
    require_int8_activations(ctx, ("input", input), ("output", output))
    if output.zero_point != -128 or output.scale != 1.0 / 256:
        raise ctx.error(f"int8 output must have scale 1/256 and zero point -128, not scale "
                        f"{output.scale:g} and zero point {output.zero_point}")
    if tuple(input.shape) != tuple(output.shape) or not input.shape:
        raise ctx.error(f"input {list(input.shape)} and output {list(output.shape)} must have "
                        "the same shape, of rank >= 1")
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
