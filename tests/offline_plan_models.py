"""Models our importer accepts (it plans its own arena) whose TFLite Micro offline memory plan is broken.

TFLite Micro reads a model's ``OfflineMemoryAllocation`` metadata (32-bit words: version, subgraph, tensor count,
one arena offset per tensor) instead of planning its arena itself. With a wrong tensor count it rejects the model;
pointed at a buffer with no data it dereferences a null pointer and crashes.
"""

from __future__ import annotations

import numpy as np

from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, _pack, options

__all__ = ["small_model", "with_offline_plan", "tflm_rejects", "tflm_crashes"]


def small_model() -> bytes:
    """CONV_2D then RESHAPE: a model every part of the toolkit runs in seconds."""
    rng = np.random.default_rng(0)
    b = ModelBuilder()
    x = b.tensor((1, 4, 4, 2), scale=0.05, zero_point=3)
    f = b.tensor((3, 2, 2, 2), scale=[0.01, 0.02, 0.03], zero_point=[0, 0, 0],
                 data=rng.integers(-127, 128, (3, 2, 2, 2), dtype=np.int8))
    bias = b.tensor((3,), "int32", [0.0005, 0.001, 0.0015], [0, 0, 0], data=np.array([1, 2, 3], np.int32))
    y = b.tensor((1, 4, 4, 3), scale=0.1, zero_point=-2)
    b.operator("CONV_2D", [x, f, bias], [y], options(
        "Conv2DOptions", strideW=1, strideH=1, dilationWFactor=1, dilationHFactor=1, fusedActivationFunction=1))
    shape = b.tensor((2,), "int32", data=np.array([1, 48], np.int32))
    r = b.tensor((1, 48), scale=0.1, zero_point=-2)
    b.operator("RESHAPE", [y, shape], [r], options("ReshapeOptions", newShape=[1, 48]))
    return b.build([x], [r])


def with_offline_plan(buf: bytes, words: list[int] | None) -> bytes:
    """``buf`` with an ``OfflineMemoryAllocation`` metadata entry holding ``words`` (None: the empty buffer 0)."""
    model = schema.ModelT.InitFromPackedBuf(buf, 0)
    metadata = schema.MetadataT()
    metadata.name = "OfflineMemoryAllocation"
    metadata.buffer = 0
    if words is not None:
        plan = schema.BufferT()
        plan.data = np.array(words, np.int32).view(np.uint8)
        model.buffers.append(plan)
        metadata.buffer = len(model.buffers) - 1
    model.metadata = [metadata]
    return _pack(model)


def tflm_rejects() -> bytes:
    """A plan for one tensor in a model of six: TFLite Micro fails to allocate its tensors."""
    return with_offline_plan(small_model(), [1, 0, 1, 0])


def tflm_crashes() -> bytes:
    """A plan in a buffer without data: TFLite Micro dies of SIGSEGV."""
    return with_offline_plan(small_model(), None)
