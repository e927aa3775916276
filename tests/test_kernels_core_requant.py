"""The requantization math of firmware/kernels/kernel_util.h against TFLite's integer formulas
(cfu/tflite_math.py), on the full int32 range, and the Prepare-time QuantizeMultiplier."""

from __future__ import annotations

import ctypes
import math
import subprocess

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cfu import tflite_math
from cfu.model import quant
from cfu.model.host import FIRMWARE_DIR

INT32 = st.integers(tflite_math.INT32_MIN, tflite_math.INT32_MAX)
EDGES = [tflite_math.INT32_MIN, tflite_math.INT32_MIN + 1, -1, 0, 1, tflite_math.INT32_MAX, 1 << 30, -(1 << 30)]

_SHIM = r"""
#include "kernels/kernel_util.h"
void srdhm(const int32_t* a, const int32_t* b, int32_t* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = SaturatingRoundingDoublingHighMul(a[i], b[i]);
}
void rdpot(const int32_t* x, const int32_t* e, int32_t* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = RoundingDivideByPOT(x[i], e[i]);
}
void mbqm(const int32_t* x, const int32_t* m, const int32_t* s, int32_t* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = MultiplyByQuantizedMultiplier(x[i], m[i], s[i]);
}
"""


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    d = tmp_path_factory.mktemp("requant")
    (d / "shim.c").write_text(_SHIM)
    so = d / "shim.so"
    # -fsanitize=undefined: the header must not rely on undefined signed overflow.
    subprocess.run(["gcc", "-std=c11", "-O2", "-Wall", "-Werror", "-fPIC", "-shared",
                    "-fsanitize=undefined", "-fno-sanitize-recover=all",
                    f"-I{FIRMWARE_DIR}", str(d / "shim.c"), "-o", str(so)], check=True)
    return ctypes.CDLL(str(so))


def _call(lib, name: str, *columns: list[int]) -> list[int]:
    arrays = [np.asarray(c, np.int32) for c in columns]
    out = np.zeros(len(columns[0]), np.int32)
    ptr = ctypes.POINTER(ctypes.c_int32)
    getattr(lib, name)(*[a.ctypes.data_as(ptr) for a in arrays], out.ctypes.data_as(ptr),
                       ctypes.c_int(len(out)))
    return out.tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(INT32, INT32), min_size=1, max_size=64))
@example([(a, b) for a in EDGES for b in EDGES])
def test_saturating_rounding_doubling_high_mul(lib, pairs):
    a, b = zip(*pairs)
    got = _call(lib, "srdhm", list(a), list(b))
    assert got == [tflite_math.saturating_rounding_doubling_high_mul(x, y) for x, y in pairs]


def test_srdhm_saturates_only_at_int32_min_squared():
    assert tflite_math.saturating_rounding_doubling_high_mul(tflite_math.INT32_MIN, tflite_math.INT32_MIN) == tflite_math.INT32_MAX
    assert tflite_math.saturating_rounding_doubling_high_mul(tflite_math.INT32_MIN, tflite_math.INT32_MAX) == -tflite_math.INT32_MAX


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(INT32, st.integers(0, 31)), min_size=1, max_size=64))
@example([(x, e) for x in EDGES for e in (0, 1, 30, 31)])
def test_rounding_divide_by_pot(lib, pairs):
    x, e = zip(*pairs)
    assert _call(lib, "rdpot", list(x), list(e)) == [tflite_math.rounding_divide_by_pot(a, b) for a, b in pairs]


def test_rounding_divide_by_pot_ties_away_from_zero():
    assert [tflite_math.rounding_divide_by_pot(x, 1) for x in (-3, -1, 1, 3)] == [-2, -1, 1, 2]


MULTIPLIER = st.one_of(st.just(0), st.integers(1 << 30, tflite_math.INT32_MAX))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(INT32, MULTIPLIER, st.integers(-31, 30)), min_size=1, max_size=64))
@example([(x, m, s) for x in EDGES for m in (0, 1 << 30, tflite_math.INT32_MAX) for s in (-31, -1, 0, 1, 30)])
def test_multiply_by_quantized_multiplier(lib, triples):
    x, m, s = zip(*triples)
    got = _call(lib, "mbqm", list(x), list(m), list(s))
    assert got == [tflite_math.multiply_by_quantized_multiplier(*t) for t in triples]


@settings(max_examples=500, deadline=None)
@given(st.floats(min_value=1e-12, max_value=2.0 ** 30, allow_nan=False))
def test_quantize_multiplier_represents_the_real_value(real):
    q, shift = quant.quantize_multiplier(real)
    if shift == 0 and q == 0:
        assert real < 2.0 ** -31
        return
    assert (1 << 30) <= q < (1 << 31)
    assert math.isclose(q * 2.0 ** (shift - 31), real, rel_tol=2.0 ** -30)


def test_quantize_multiplier_edge_cases():
    assert quant.quantize_multiplier(0.0) == (0, 0)
    assert quant.quantize_multiplier(0.5) == (1 << 30, 0)
    assert quant.quantize_multiplier(1.0) == (1 << 30, 1)
    # Rounding up to 2^31 renormalises to 2^30 with one more shift.
    assert quant.quantize_multiplier(1.0 - 2.0 ** -40) == (1 << 30, 1)
    assert quant.quantize_multiplier(2.0 ** -40) == (0, 0)  # shift below -31 flushes to zero
