"""Tensor arena planning: lifetime-based offsets, greedy by size like TFLite Micro's GreedyMemoryPlanner."""

from __future__ import annotations

from dataclasses import dataclass

from cfu.model.graph import Graph

ALIGNMENT = 16  # TFLite Micro's MicroArenaBufferAlignment


@dataclass(frozen=True)
class Buffer:
    """One arena tensor: its aligned size and the first and last layer that need it."""

    tensor: int
    size: int
    first: int
    last: int


@dataclass(frozen=True)
class ArenaPlan:
    """Offsets (bytes) of every non-constant tensor in one arena of `size` bytes."""

    offsets: dict[int, int]
    size: int
    buffers: tuple[Buffer, ...]


def _align(n: int) -> int:
    return (n + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def lifetimes(graph: Graph) -> list[Buffer]:
    """Lifetime of every non-constant tensor the graph uses, in layer indices. A variable tensor (layer state)
    lives through every layer, so no other tensor ever shares its bytes and it keeps its values between
    invocations."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    sizes: dict[int, int] = {}

    def use(tensor, at: int) -> None:
        if tensor is None or tensor.is_constant:
            return
        sizes[tensor.index] = _align(tensor.nbytes)
        first.setdefault(tensor.index, at)
        last[tensor.index] = max(last.get(tensor.index, at), at)

    for t in graph.inputs:
        use(t, 0)
    for op in graph.operators:
        for t in op.inputs:
            use(t, op.index)
        for t in op.outputs:
            use(t, op.index)
    end = max(len(graph.operators) - 1, 0)
    for t in graph.outputs:
        use(t, end)
    for t in graph.tensors:
        if t.is_variable and t.index in sizes:
            first[t.index], last[t.index] = 0, end
    return [Buffer(i, sizes[i], first[i], last[i]) for i in sorted(sizes)]


def plan_arena(graph: Graph) -> ArenaPlan:
    """Place the largest buffers first, each at the lowest offset free during its lifetime."""
    buffers = lifetimes(graph)
    placed: list[tuple[int, Buffer]] = []
    for b in sorted(buffers, key=lambda b: (-b.size, b.first, b.tensor)):
        live = sorted(((off, p) for off, p in placed if p.first <= b.last and b.first <= p.last),
                      key=lambda item: item[0])
        offset = 0
        for off, p in live:
            if offset + b.size <= off:
                break
            offset = max(offset, off + p.size)
        placed.append((offset, b))
    size = max((off + b.size for off, b in placed), default=0)
    return ArenaPlan({b.tensor: off for off, b in placed}, size, tuple(buffers))
