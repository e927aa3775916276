"""Models our importer accepts (it plans its own arena) whose TFLite Micro offline memory plan is broken.

TFLite Micro reads a model's ``OfflineMemoryAllocation`` metadata (32-bit words: version, subgraph, tensor count,
one arena offset per tensor) instead of planning its arena itself. With a wrong tensor count it rejects the model;
pointed at a buffer with no data it dereferences a null pointer and crashes. The model is the fuzz test's
CONV_2D + RESHAPE seed (``small_model``), which every part of the toolkit runs in seconds.
"""

from __future__ import annotations

import numpy as np

from cfu.model.mutants import conv_reshape_model as small_model
from cfu.model.schema import schema
from cfu.model.testing import pack_model

__all__ = ["small_model", "with_offline_plan", "tflm_rejects", "tflm_crashes"]


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
    return pack_model(model)


def tflm_rejects() -> bytes:
    """A plan for one tensor in a model of six: TFLite Micro fails to allocate its tensors."""
    return with_offline_plan(small_model(), [1, 0, 1, 0])


def tflm_crashes() -> bytes:
    """A plan in a buffer without data: TFLite Micro dies of SIGSEGV."""
    return with_offline_plan(small_model(), None)
