"""RESIZE_NEAREST_NEIGHBOR (NHWC, constant size): the source row and column of every output row and
column computed here in float32, as TFLite's GetNearestNeighbor does."""

from __future__ import annotations

import math

import numpy as np

from cfu.model.graph import Tensor
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import constant_ints, element_bytes, require_same_type, require_shape
from cfu.model.schema import schema

OPERATOR = "RESIZE_NEAREST_NEIGHBOR"


def resize_shapes(ctx: OpContext, opts_type: type) -> tuple[Tensor, Tensor, int, int, object]:
    """Checks shared by the resize ops: (input, output, output height, output width, options)."""
    opts = ctx.require_options(opts_type)
    input, output = ctx.input(0), ctx.output(0)
    ctx.require_rank(input, "input", [4])
    size = constant_ints(ctx, ctx.input(1), "size")
    if len(size) != 2 or min(size) < 1:
        raise ctx.error(f"size {size} must be two positive values")
    require_shape(ctx, output, [input.shape[0], size[0], size[1], input.shape[3]])
    if opts.alignCorners and opts.halfPixelCenters:
        raise ctx.error("align_corners and half_pixel_centers cannot both be set")
    return input, output, size[0], size[1], opts


def nearest(output_index: int, input_size: int, output_size: int, align_corners: bool,
            half_pixel_centers: bool) -> int:
    """TFLite's GetNearestNeighbor (float32 scale and products)."""
    f = np.float32
    scale = (f(input_size - 1) / f(output_size - 1) if align_corners and output_size > 1
             else f(input_size) / f(output_size))
    position = (f(output_index) + f(0.5 if half_pixel_centers else 0.0)) * scale
    value = (math.floor(abs(float(position)) + 0.5) * (1 if position >= 0 else -1) if align_corners
             else math.floor(float(position)))
    value = min(int(value), input_size - 1)
    return max(0, value) if half_pixel_centers else value


def prepare(ctx: OpContext) -> LayerCode:
    input, output, height, width, opts = resize_shapes(ctx, schema.ResizeNearestNeighborOptionsT)
    require_same_type(ctx, input, output)
    n, h, w, c = input.shape
    ys = ctx.array("input_y", "int32_t",
                   [nearest(y, h, height, opts.alignCorners, opts.halfPixelCenters) for y in range(height)])
    xs = ctx.array("input_x", "int32_t",
                   [nearest(x, w, width, opts.alignCorners, opts.halfPixelCenters) for x in range(width)])
    params = ctx.params("ResizeNearestNeighborParams", {
        "batches": n, "input_height": h, "input_width": w, "output_height": height, "output_width": width,
        "depth_bytes": c * element_bytes(input),
    })
    return LayerCode("kernels/resize_nearest_neighbor.h",
                     f"ResizeNearestNeighbor({params}, {ys}, {xs}, {ctx.ptr(input)}, {ctx.ptr(output)});")
