"""Reusable blocks: four-lane MAC and TFLite requantization (combinational and pipelined), against their
reference models, and the reference models against exact rational arithmetic."""

import math
from fractions import Fraction

from amaranth.sim import Simulator
from hypothesis import example, given, settings, strategies as st

from cfu.gateware import Cfu
from cfu.gateware.blocks import (Mac4, RequantizeInstruction, RoundingDivideByPOT, SaturatingRoundingDoublingHighMul,
                                 mac4, rounding_divide_by_pot, saturating_rounding_doubling_high_mul)
from cfu.gateware.blocks.requant import INT32_MAX, INT32_MIN
from cfu.gateware.blocks.requant_pipeline import (LATENCY, MULTIPLY_LATENCY, QuantizedMultiplyPipeline,
                                                  RequantizePipeline)
from cfu.tflite_math import multiply_by_quantized_multiplier, requantize, to_int32
from cfu.verify import standard_stimuli, verify_amaranth, verify_verilog

int32 = st.integers(INT32_MIN, INT32_MAX)
word = st.integers(0, 2**32 - 1)


def _combinational(component, cases, inputs, output):
    """Drive each case's inputs and collect the settled output."""
    seen = []

    async def testbench(ctx):
        for case in cases:
            for name, value in zip(inputs, case):
                ctx.set(getattr(component, name), value)
            seen.append(ctx.get(getattr(component, output)))

    sim = Simulator(component)
    sim.add_testbench(testbench)
    sim.run()
    return seen


def _pipelined(component, held, cases, inputs, outputs, latency):
    """Feed one case per cycle (``None``: a cycle without ``in_valid``), ``held`` constant, each case's last
    input being ``in_tag``; collect ``(cycle, *outputs, out_tag)`` of every cycle with ``out_valid``."""
    seen = []

    async def testbench(ctx):
        for name, value in held.items():
            ctx.set(getattr(component, name), value)
        for cycle, case in enumerate(cases + [None] * (latency + 1)):
            ctx.set(component.in_valid, case is not None)
            for name, value in zip(inputs + ("in_tag",), case or ()):
                ctx.set(getattr(component, name), value)
            if ctx.get(component.out_valid):
                seen.append((cycle, *(ctx.get(getattr(component, name)) for name in outputs),
                             ctx.get(component.out_tag)))
            await ctx.tick()

    sim = Simulator(component)
    sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    sim.run()
    return seen


# --- reference models against exact arithmetic -------------------------------------------

@given(int32, int32)
@example(INT32_MIN, INT32_MIN)
@example(INT32_MIN, INT32_MAX)
@example(-(1 << 15), 1 << 15)  # a negative exact tie
def test_high_mul_is_round_half_up_of_the_doubled_product(a, b):
    exact = math.floor(Fraction(a * b, 1 << 31) + Fraction(1, 2))
    assert saturating_rounding_doubling_high_mul(a, b) == min(exact, INT32_MAX)


@given(int32, st.integers(0, 31))
@example(-3, 1)
@example(3, 1)
@example(INT32_MIN, 31)
def test_rounding_divide_is_round_half_away_from_zero(x, exponent):
    quotient = Fraction(x, 1 << exponent)
    magnitude = math.floor(abs(quotient) + Fraction(1, 2))
    assert rounding_divide_by_pot(x, exponent) == (magnitude if quotient >= 0 else -magnitude)


# --- gateware against the reference models -----------------------------------------------

@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(int32, int32), min_size=1, max_size=40))
def test_high_mul_gateware(pairs):
    pairs += [(INT32_MIN, INT32_MIN), (INT32_MIN, INT32_MAX), (INT32_MAX, INT32_MAX), (-1, 1)]
    got = _combinational(SaturatingRoundingDoublingHighMul(), pairs, ("a", "b"), "result")
    assert got == [saturating_rounding_doubling_high_mul(a, b) for a, b in pairs]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(int32, st.integers(0, 32)), min_size=1, max_size=40))
def test_rounding_divide_gateware(cases):
    cases += [(INT32_MIN, 32), (INT32_MIN, 31), (-1, 1), (INT32_MAX, 0)]
    got = _combinational(RoundingDivideByPOT(), cases, ("x", "exponent"), "result")
    assert got == [rounding_divide_by_pot(x, e) for x, e in cases]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(word, word, st.integers(-256, 255)), min_size=1, max_size=40))
def test_mac4_gateware(cases):
    cases += [(0x8080_8080, 0x8080_8080, -256), (0x7F7F_7F7F, 0x8080_8080, 255)]
    got = _combinational(Mac4(), cases, ("a", "b", "offset"), "sum")
    assert got == [mac4(a, b, offset) for a, b, offset in cases]


def test_requantize_instruction_in_both_simulators(tmp_path):
    cfu = Cfu({0: RequantizeInstruction()})
    stimuli = standard_stimuli(cfu.specs(), 0)
    verify_amaranth(cfu, stimuli)
    cfu.write_verilog(tmp_path / "cfu.v")
    verify_verilog(tmp_path / "cfu.v", cfu.specs(), stimuli, tmp_path / "sim")



shift = st.integers(-31, 30)  # TFLite's per-channel shift range


@settings(max_examples=30, deadline=None)
@given(st.lists(st.none() | st.tuples(int32, int32, shift, st.integers(0, 1)), min_size=1, max_size=30))
def test_quantized_multiply_pipeline_is_exact_at_its_latency(cases):
    cases += [(INT32_MIN, INT32_MIN, 0, 1), (INT32_MAX, INT32_MAX, 30, 0), (-3, 1 << 30, -31, 1)]
    got = _pipelined(QuantizedMultiplyPipeline(), {}, cases, ("x", "multiplier", "shift"), ("result",),
                     MULTIPLY_LATENCY)
    assert got == [(cycle + MULTIPLY_LATENCY, multiply_by_quantized_multiplier(x, multiplier, sh), tag)
                   for cycle, case in enumerate(cases) if case is not None
                   for x, multiplier, sh, tag in [case]]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.none() | st.tuples(int32, int32, int32, shift, st.integers(0, 1)), min_size=1, max_size=30),
       st.integers(-256, 255), st.integers(-128, 127), st.integers(-128, 127))
def test_requantize_pipeline_is_exact_at_its_latency(cases, output_offset, act_min, act_max):
    cases += [(INT32_MAX, 1, INT32_MAX, 0, 1), (INT32_MIN, 0, INT32_MIN, 0, 0)]  # acc + bias wraps; saturation
    held = dict(output_offset=output_offset, act_min=act_min, act_max=act_max)
    got = _pipelined(RequantizePipeline(), held, cases, ("acc", "bias", "multiplier", "shift"), ("value",), LATENCY)
    assert got == [(cycle + LATENCY, requantize(to_int32(acc + bias), multiplier, sh, output_offset, act_min,
                                                act_max), tag)
                   for cycle, case in enumerate(cases) if case is not None
                   for acc, bias, multiplier, sh, tag in [case]]
