"""BATCH_MATMUL, int8 and int16: per-tensor quantized operands of rank 2-4, adj_x / adj_y, broadcast batch dims."""

from __future__ import annotations

from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.strided import dense_strides, require_shape
from cfu.model.ops.support import KERNEL_SUFFIX, declare_params, require_activations
from cfu.model.quant import quantize_multiplier
from cfu.model.schema import schema

OPERATOR = "BATCH_MATMUL"


def _batch_strides(ctx: OpContext, shape: tuple[int, ...], batches: list[int]) -> list[int]:
    """Element strides of an operand's batch dims against the output's two (0 where it broadcasts)."""
    own = list(shape[:-2])
    strides = dense_strides(shape)[:-2]
    own, strides = [1] * (2 - len(own)) + own, [0] * (2 - len(strides)) + strides
    result = []
    for d, s, b in zip(own, strides, batches):
        if d not in (1, b):
            raise ctx.error(f"batch dimensions of {list(shape)} do not broadcast to {batches}")
        result.append(0 if d == 1 else s)
    return result


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.BatchMatMulOptionsT)
    lhs, rhs, output = ctx.input(0), ctx.input(1), ctx.output(0)
    dtype = require_activations(ctx, ["int8", "int16"], ("lhs", lhs), ("rhs", rhs), ("output", output))
    for role, t in (("lhs", lhs), ("rhs", rhs)):
        ctx.require_rank(t, role, [2, 3, 4])
    rows, depth = (lhs.shape[-1], lhs.shape[-2]) if opts.adjX else lhs.shape[-2:]
    rhs_depth, cols = (rhs.shape[-1], rhs.shape[-2]) if opts.adjY else rhs.shape[-2:]
    if depth != rhs_depth:
        raise ctx.error(f"lhs {list(lhs.shape)} (adj_x={bool(opts.adjX)}) and rhs {list(rhs.shape)} "
                        f"(adj_y={bool(opts.adjY)}) do not share the inner dimension")
    rank = max(len(lhs.shape), len(rhs.shape))
    lb, rb = [1] * (rank - len(lhs.shape)) + list(lhs.shape[:-2]), [1] * (rank - len(rhs.shape)) + list(rhs.shape[:-2])
    batch = [max(a, b) for a, b in zip(lb, rb)]
    require_shape(ctx, output, [*batch, rows, cols])
    batches = [1] * (2 - len(batch)) + batch
    l_row, l_depth = (1, lhs.shape[-1]) if opts.adjX else (lhs.shape[-1], 1)
    r_depth, r_col = (1, rhs.shape[-1]) if opts.adjY else (rhs.shape[-1], 1)
    multiplier, shift = quantize_multiplier(lhs.scale * rhs.scale / output.scale)
    params = declare_params(ctx, "BatchMatMulParams", {
        "batches": "{%d, %d}" % tuple(batches),
        "lhs_batch_stride": "{%d, %d}" % tuple(_batch_strides(ctx, lhs.shape, batches)),
        "rhs_batch_stride": "{%d, %d}" % tuple(_batch_strides(ctx, rhs.shape, batches)),
        "rows": rows, "cols": cols, "depth": depth,
        "lhs_row_stride": l_row, "lhs_depth_stride": l_depth, "rhs_depth_stride": r_depth, "rhs_col_stride": r_col,
        "lhs_offset": -lhs.zero_point, "rhs_offset": -rhs.zero_point, "output_offset": output.zero_point,
        "output_multiplier": multiplier, "output_shift": shift,
    })
    macs = batches[0] * batches[1] * rows * cols * depth
    return LayerCode("kernels/batch_matmul.h",
                     f"BatchMatMul{KERNEL_SUFFIX[dtype]}({params}, {ctx.ptr(lhs)}, {ctx.ptr(rhs)}, {ctx.ptr(output)});", macs)
