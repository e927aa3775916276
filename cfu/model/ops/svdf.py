"""SVDF, int8: TFLite Micro's PrepareSvdf. The state (input 4) is a variable tensor of int16 (what the converter
writes) or int8, like the time weights; the effective scales are products of the float32 scales in double (what
the pinned TFLite Micro computes: a float32 product rounds some multipliers differently). The
fused activation applies to the float kernel only: TFLite Micro's integer kernel clamps to int8, so does ours."""

from __future__ import annotations

import numpy as np

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.quant import effective_scale, quantize_multiplier
from cfu.model.schema import schema

OPERATOR = "SVDF"
#: TFLite Micro's PrepareSvdf: |bias scale - state scale x time weights scale| below this.
BIAS_SCALE_TOLERANCE = 1e-5


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.SVDFOptionsT)
    if len(ctx.op.inputs) != 5:
        raise ctx.error(f"has {len(ctx.op.inputs)} inputs; SVDF takes 5 (input, feature weights, time weights, "
                        "bias, state)")
    input, feature, time, state, output = ctx.input(0), ctx.input(1), ctx.input(2), ctx.input(4), ctx.output(0)
    bias = ctx.optional_input(3)
    if bias is None:
        raise ctx.error("has no bias; TFLite Micro's integer SVDF needs one (it reads the bias scale)")
    for role, t, types in (("input", input, ["int8"]), ("feature weights", feature, ["int8"]),
                           ("time weights", time, ["int16", "int8"]), ("bias", bias, ["int32"]),
                           ("state", state, [time.dtype]), ("output", output, ["int8"])):
        ctx.require_type(t, role, types)
        ctx.require_rank(t, role, [1] if t is bias else [2])
    for role, t in (("feature weights", feature), ("time weights", time), ("bias", bias)):
        ctx.require_constant(t, role)
    if not state.is_variable:
        raise ctx.error(f"state tensor '{state.name}' is not a variable tensor (TFLite Micro requires one)")
    for role, t in (("input", input), ("feature weights", feature), ("time weights", time), ("bias", bias),
                    ("state", state), ("output", output)):
        ctx.require_quantized(t, role)
    batches, input_size = input.shape
    filters, memory = time.shape
    rank = opts.rank
    if rank <= 0 or filters % rank:
        raise ctx.error(f"rank {rank} does not divide the {filters} filters")
    units = filters // rank
    expected = {"feature weights": (feature, (filters, input_size)), "bias": (bias, (units,)),
                "state": (state, (batches, filters * memory)), "output": (output, (batches, units))}
    for role, (t, shape) in expected.items():
        if t.shape != shape:
            raise ctx.error(f"{role} tensor '{t.name}' has shape {list(t.shape)}, expected {list(shape)}")
    product = float(np.float32(state.scale) * np.float32(time.scale))
    if not abs(float(np.float32(bias.scale)) - product) < BIAS_SCALE_TOLERANCE:
        raise ctx.error(f"bias tensor '{bias.name}' has scale {bias.scale:g}, but state scale x time weights scale "
                        f"is {product:g} (TFLite Micro refuses a difference of {BIAS_SCALE_TOLERANCE:g} or more)")
    feature_m, feature_s = quantize_multiplier(effective_scale(input.scale, feature.scale, state.scale))
    output_m, output_s = quantize_multiplier(effective_scale(state.scale, time.scale, output.scale))
    params = ctx.params("SvdfParams", {
        "batches": batches, "input_size": input_size, "filters": filters, "rank": rank, "memory": memory,
        "input_zero_point": input.zero_point, "state_zero_point": state.zero_point,
        "output_zero_point": output.zero_point,
        "feature_multiplier": feature_m, "feature_shift": feature_s,
        "output_multiplier": output_m, "output_shift": output_s,
    })
    kernel = "SvdfInt16State" if state.dtype == "int16" else "SvdfInt8State"
    call = (f"{kernel}({params}, {ctx.ptr(input)}, {ctx.ptr(feature)}, {ctx.ptr(time)}, {ctx.ptr(bias)}, "
            f"{ctx.ptr(state)}, {ctx.ptr(output)});")
    return LayerCode("kernels/svdf.h", call, batches * filters * (input_size + memory))
