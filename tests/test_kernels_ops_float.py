"""QUANTIZE float32 -> int8 and DEQUANTIZE int8 -> float32 against TFLite Micro, bit for bit.

The importer's arena holds int8/int16/int32 tensors only (float model inputs and outputs are
not importable yet), so these layers go through their op modules' `prepare` and a small ctypes
harness of their own: the emitted declarations, one C function per layer calling the kernel
on a private arena (input at offset 0, output after it).
"""

from __future__ import annotations

import ctypes
import hashlib
import subprocess

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from cfu.model.graph import Graph, parse_model
from cfu.model.host import CFLAGS, FIRMWARE_DIR
from cfu.model.ops import prepare_operator
from cfu.model.ops.base import CodeUnit
from cfu.model.testing import ModelBuilder, TflmReference

SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    phases=[Phase.explicit, Phase.generate],  # no shrinking: builds are slow
                    suppress_health_check=[HealthCheck.too_slow])
scales = st.floats(-12, 4).map(lambda e: float(np.float32(2.0 ** e)))
zero_points = st.integers(-128, 127)
_NUMPY = {"int8": np.int8, "float32": np.float32}


class HarnessModel:
    """Every layer of a graph of independent single-input layers, compiled for the host."""

    def __init__(self, graph: Graph, build_dir):
        unit, bodies, self._arenas = CodeUnit(), [], []
        headers, offsets = set(), []
        for op in graph.operators:
            layer = prepare_operator(op, unit)
            headers.add(layer.header)
            src, dst = op.inputs[0], op.outputs[0]
            out_offset = (src.nbytes + 15) // 16 * 16
            offsets += [f"#define T{src.index}_OFFSET 0u", f"#define T{dst.index}_OFFSET {out_offset}u"]
            bodies.append(f"void run_{op.index}(uint8_t* arena) {{ {layer.call} }}")
            self._arenas.append((np.zeros(out_offset + dst.nbytes, np.uint8), out_offset))
        text = "\n".join([*(f'#include "{h}"' for h in sorted(headers)), *offsets,
                          *unit.declarations, *bodies]) + "\n"
        # A new name per content: dlopen would hand back an already loaded library.
        name = f"harness_{hashlib.sha256(text.encode()).hexdigest()[:16]}"
        driver = build_dir / f"{name}.c"
        driver.write_text(text)
        sources = [str(FIRMWARE_DIR / (h[:-2] + ".c")) for h in sorted(headers)]
        lib = build_dir / f"{name}.so"
        subprocess.run(["gcc", *CFLAGS, "-shared", f"-I{FIRMWARE_DIR}", *sources, str(driver), "-o", str(lib)],
                       check=True, capture_output=True, text=True)
        self._lib = ctypes.CDLL(str(lib))
        self.graph = graph

    def run(self, index: int, x: np.ndarray) -> np.ndarray:
        op = self.graph.operators[index]
        arena, out_offset = self._arenas[index]
        raw = np.ascontiguousarray(x).reshape(-1).view(np.uint8)
        arena[:raw.size] = raw
        getattr(self._lib, f"run_{index}")(arena.ctypes.data_as(ctypes.c_void_p))
        out = op.outputs[0]
        return arena[out_offset:out_offset + out.nbytes].view(_NUMPY[out.dtype]).reshape(out.shape).copy()


def _check(b: ModelBuilder, inputs: list[int], input_sets: list[list[np.ndarray]], build_dir) -> None:
    """Each layer against TFLite Micro on every input set; bitwise (floats as their bits)."""
    buf = b.build(inputs, [op.outputs[0] for op in b._sub.operators])
    graph = parse_model(buf)
    ours, reference = HarnessModel(graph, build_dir), TflmReference(buf)
    for xs in input_sets:
        golden = reference.run(xs)
        for op, x in zip(graph.operators, xs):
            expected, got = golden[op.outputs[0].index], ours.run(op.index, x)
            bits = {np.dtype(np.float32): np.uint32, np.dtype(np.int8): np.int8}[expected.dtype]
            diff = np.argwhere(expected.view(bits) != got.view(bits))
            assert diff.size == 0, (
                f"layer {op.index} ({op.name}): first difference at output index "
                f"{tuple(diff[0])} (input {x[tuple(diff[0])]!r}): expected "
                f"{expected[tuple(diff[0])]!r}, got {got[tuple(diff[0])]!r}")


def _float_inputs(scale: float, size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Random values in and beyond the int8 range, exact .5 ties and their float neighbours,
    signed zeros, subnormals and large values (|x / scale| < 2^31)."""
    s = np.float32(scale)
    ties = (np.arange(-140, 140, dtype=np.float32) + np.float32(0.5)) * s
    special = np.array([0.0, -0.0, 1e-40, -1e-40, 1e-30, -1e-30], np.float32)
    large = (s * np.float32(2.0 ** 30) * np.array([1, -1, 0.75, -0.999], np.float32)).astype(np.float32)
    edge = np.concatenate([ties, np.nextafter(ties, np.float32(np.inf)),
                           np.nextafter(ties, np.float32(-np.inf)), special, large])
    pick = np.resize(edge, size)
    rand = (rng.uniform(-300, 300, size) * scale).astype(np.float32)
    wide = (rng.standard_normal(size) * scale * 10.0 ** rng.uniform(-3, 6, size)).astype(np.float32)
    return [rand, wide, pick, rng.permutation(pick)]


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("ops_float")


@SETTINGS
@given(qs=st.lists(st.tuples(scales, zero_points), min_size=6, max_size=6))
def test_quantize_float_to_int8(qs, build_dir):
    b = ModelBuilder()
    shape = (2, 300)
    inputs = []
    for scale, zp in qs + [(1.0 / 255, -128), (0.584702909, 83)]:  # the VWW and KWS inputs
        x = b.tensor(shape, "float32", name=f"in{len(inputs)}")
        b.operator("QUANTIZE", [x], [b.tensor(shape, scale=scale, zero_point=zp)])
        inputs.append(x)
    rng = np.random.default_rng(len(qs))
    scales_ = [float(np.float32(s)) for s, _ in qs] + [1.0 / 255, 0.584702909]
    per_layer = [_float_inputs(s, shape[0] * shape[1], rng) for s in scales_]
    sets = [[per_layer[k][i].reshape(shape) for k in range(len(inputs))] for i in range(4)]
    _check(b, inputs, sets, build_dir)


@SETTINGS
@given(qs=st.lists(st.tuples(scales, zero_points), min_size=8, max_size=8))
def test_dequantize_every_input_value(qs, build_dir):
    b = ModelBuilder()
    inputs = []
    for scale, zp in qs + [(0.00390625, -128), (0.364498466, 96)]:  # MLPerf output tensors
        x = b.tensor((256,), scale=scale, zero_point=zp)
        b.operator("DEQUANTIZE", [x], [b.tensor((256,), "float32")])
        inputs.append(x)
    sweep = np.arange(-128, 128, dtype=np.int8)
    _check(b, inputs, [[sweep] * len(inputs), [sweep[::-1].copy()] * len(inputs)], build_dir)
