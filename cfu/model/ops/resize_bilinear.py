"""RESIZE_BILINEAR, int8 (NHWC, constant size): TFLite's integer path; the 10-bit scale and each output
row's and column's input rows/columns are computed here (ComputeInterpolationValuesInteger)."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.resize_nearest_neighbor import resize_shapes
from cfu.model.ops.support import require_int8_activations, require_same_quantization
from cfu.model.schema import schema

OPERATOR = "RESIZE_BILINEAR"


def _c_div(a: int, b: int) -> int:
    """C's integer division (truncating toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def interpolation(input_size: int, output_size: int, align_corners: bool,
                  half_pixel_centers: bool) -> tuple[list[int], list[int], list[int]]:
    """(lower index, upper index, scaled position in 1/1024) of every output index."""
    if align_corners and output_size > 1:
        scale = ((1 << 10) * (input_size - 1) + (output_size - 1) // 2) // (output_size - 1)
    else:
        scale = ((1 << 10) * input_size + output_size // 2) // output_size
    lower, upper, scaled = [], [], []
    for i in range(output_size):
        s = i * scale + scale // 2 - (1 << 9) if half_pixel_centers else i * scale
        lower.append(max(_c_div(s, 1 << 10), 0))
        upper.append(min(_c_div(s + (1 << 10) - 1, 1 << 10), input_size - 1))
        scaled.append(s)
    return lower, upper, scaled


def prepare(ctx: OpContext) -> LayerCode:
    input, output, height, width, opts = resize_shapes(ctx, schema.ResizeBilinearOptionsT)
    require_int8_activations(ctx, ("input", input), ("output", output))
    require_same_quantization(ctx, input, output)
    n, h, w, c = input.shape
    arrays = []
    for axis, (size, out) in (("y", (h, height)), ("x", (w, width))):
        for name, values in zip((f"{axis}0", f"{axis}1", f"scaled_{axis}"),
                                interpolation(size, out, opts.alignCorners, opts.halfPixelCenters)):
            arrays.append(ctx.array(name, "int32_t", values))
    params = ctx.params("ResizeBilinearParams", {
        "batches": n, "input_height": h, "input_width": w, "output_height": height, "output_width": width,
        "depth": c,
    })
    return LayerCode("kernels/resize_bilinear.h",
                     f"ResizeBilinear({params}, {', '.join(arrays)}, {ctx.ptr(input)}, {ctx.ptr(output)});")
