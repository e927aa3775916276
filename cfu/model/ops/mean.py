"""MEAN, int8 and int16 (rank <= 4, up to two reduced axes, keep_dims or not), as TFLite Micro's
integer QuantizedMeanOrSum (used whatever the input and output quantization)."""

from __future__ import annotations

import numpy as np

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.support import KERNEL_SUFFIX, declare_params, dims4_initializer, require_activations
from cfu.model.quant import quantize_multiplier
from cfu.model.schema import schema

OPERATOR = "MEAN"
MAX_REDUCED_AXES = 2  # TFLite Micro's kMaxNumberOfReducedAxis


def resolve_axes(ctx: OpContext, axes: np.ndarray, rank: int) -> list[int]:
    """TFLite's ResolveAxis: negative axes counted from the end, duplicates dropped."""
    resolved: list[int] = []
    for a in axes.reshape(-1).tolist():
        if not -rank <= a < rank:
            raise ctx.error(f"axis {a} is out of range for a rank-{rank} input")
        a = a + rank if a < 0 else a
        if a not in resolved:
            resolved.append(a)
    if len(resolved) > MAX_REDUCED_AXES:
        raise ctx.error(f"reducing {len(resolved)} axes; TFLite Micro supports at most "
                        f"{MAX_REDUCED_AXES}")
    return resolved


def mean_multiplier(input_scale: float, output_scale: float, count: int) -> tuple[int, int]:
    """input_scale / output_scale as TFLite's QuantizeMultiplier, then divided by `count`
    the way TFLite's QuantizedMeanOrSum does it: shifted up by floor(log2(count)) (at most
    32, and keeping the shift >= -31), integer-divided, truncating."""
    multiplier, shift = quantize_multiplier(input_scale / output_scale)
    up = min(count.bit_length() - 1, 32, 31 + shift)
    return (multiplier << up) // count, shift - up


def reduced_shapes(ctx: OpContext) -> tuple[list[int], list[int]]:
    """Checks of a reduction (constant int32 axes, output shape) and its (window, kept shape)."""
    opts = ctx.require_options(schema.ReducerOptionsT)
    input, axis, output = ctx.input(0), ctx.input(1), ctx.output(0)
    ctx.require_type(axis, "axis", ["int32"])
    rank = len(input.shape)
    axes = resolve_axes(ctx, ctx.require_constant(axis, "axis"), rank)
    kept = [1 if i in axes else d for i, d in enumerate(input.shape)]
    expected = kept if opts.keepDims else [d for i, d in enumerate(input.shape) if i not in axes]
    if list(output.shape) != expected:
        raise ctx.error(f"output shape {list(output.shape)} is not the reduced input "
                        f"shape {expected} (keep_dims={bool(opts.keepDims)})")
    window = [d if i in axes else 1 for i, d in enumerate(input.shape)]
    if int(np.prod(window)) < 1:
        raise ctx.error("the reduced axes are empty")
    return window, kept


def mean_or_sum(ctx: OpContext, mean: bool) -> LayerCode:
    """TFLite's QuantizedMeanOrSum: MEAN folds 1/count into the multiplier, SUM does not."""
    input, output = ctx.input(0), ctx.output(0)
    dtype = require_activations(ctx, ["int8", "int16"], ("input", input), ("output", output))
    window, kept = reduced_shapes(ctx)
    count = int(np.prod(window))
    multiplier, shift = mean_multiplier(input.scale, output.scale, count if mean else 1)
    params = declare_params(ctx, "MeanParams", {
        "window": dims4_initializer(window), "num_elements": count,
        "input_zero_point": input.zero_point,
        "output_multiplier": multiplier, "output_shift": shift,
        "output_zero_point": output.zero_point,
    })
    return LayerCode("kernels/mean.h",
                     f"Mean{KERNEL_SUFFIX[dtype]}({params}, {ctx.dims(input)}, {ctx.ptr(input)}, "
                     f"{ctx.dims(kept)}, {ctx.ptr(output)});")


def prepare(ctx: OpContext) -> LayerCode:
    return mean_or_sum(ctx, mean=True)
