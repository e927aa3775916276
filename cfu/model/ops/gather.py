"""GATHER: input slices along an axis picked by int32 indices (constant or computed), batch_dims 0."""

from __future__ import annotations

import math

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import element_bytes, normalize_axis, require_same_type, require_shape
from cfu.model.schema import schema

OPERATOR = "GATHER"


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.GatherOptionsT)
    input, coords, output = ctx.input(0), ctx.input(1), ctx.output(0)
    require_same_type(ctx, input, output, int16=False)
    if opts.batchDims != 0:
        raise ctx.error(f"batch_dims {opts.batchDims} is not supported (only 0)")
    axis = normalize_axis(ctx, opts.axis, len(input.shape))
    require_shape(ctx, output, [*input.shape[:axis], *coords.shape, *input.shape[axis + 1:]])
    if coords.is_constant:
        ctx.require_type(coords, "indices", ["int32", "int64"])
        values = [int(v) for v in coords.data.reshape(-1)]
        if any(not 0 <= v < input.shape[axis] for v in values):
            raise ctx.error(f"indices {values} fall outside [0, {input.shape[axis]})")
        coords_ptr = ctx.array("coords", "int32_t", values)
    else:
        ctx.require_type(coords, "indices", ["int32"])
        coords_ptr = ctx.ptr(coords)
    params = ctx.params("GatherParams", {
        "outer_size": math.prod(input.shape[:axis]), "axis_size": input.shape[axis],
        "inner_bytes": math.prod(input.shape[axis + 1:]) * element_bytes(input), "coord_count": coords.size,
    })
    return LayerCode("kernels/gather.h",
                     f"Gather({params}, {ctx.ptr(input)}, {coords_ptr}, {ctx.ptr(output)});")
