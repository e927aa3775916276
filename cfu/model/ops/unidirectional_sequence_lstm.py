"""UNIDIRECTIONAL_SEQUENCE_LSTM, int8 and 16x8: TFLite Micro's UnidirectionalSequenceLstmPrepare for the
integer kernel (int8 input, weights and hidden state, int16 cell state, int32 biases; or 16x8: int16 input, hidden
state and output, int8 weights, int64 biases; no peephole, projection, layer norm or CIFG). The gates' fully connected layers go to Q3.12 (scale 2^-12), the activations give Q0.15 (2^-15); the
effective scales of the cell and hidden updates are products of float32 scales in double, as TFLite Micro's."""

from __future__ import annotations

import numpy as np

from cfu.model.graph import Tensor
from cfu.model.ops.base import LayerCode, OpContext
from cfu.model.ops.common import per_tensor_multiplier
from cfu.model.ops.support import declare_params
from cfu.model.ops.logistic import sigmoid_table_array
from cfu.model.quant import checked_log2, effective_scale, quantize_multiplier
from cfu.model.schema import schema

OPERATOR = "UNIDIRECTIONAL_SEQUENCE_LSTM"
INPUTS = 24
GATE_SCALE, ACTIVATION_SCALE = 2.0 ** -12, 2.0 ** -15
#: Tensor indices of (input weights, recurrent weights, bias) of the forget, input, cell and output gates, in the
#: kernel's gate order (TFLite's lstm_shared.h numbering).
GATE_TENSORS = {"forget": (2, 6, 13), "input": (1, 5, 12), "cell": (3, 7, 14), "output": (4, 8, 15)}
#: Variants of the standard LSTM TFLite Micro's kernel does not run: these inputs must be absent.
ABSENT = {9: "cell-to-input (peephole) weights", 10: "cell-to-forget (peephole) weights",
          11: "cell-to-output (peephole) weights", 16: "projection weights", 17: "projection bias",
          20: "input layer norm", 21: "forget layer norm", 22: "cell layer norm", 23: "output layer norm"}
HIDDEN, CELL = 18, 19
#: The gate bias type of each activation type (16x8: int16 activations).
BIAS_TYPES = {"int8": "int32", "int16": "int64"}
_GATE = Tensor(-1, "gate", "int16", (), (GATE_SCALE,), (0,))


def prepare(ctx: OpContext) -> LayerCode:
    opts = ctx.require_options(schema.UnidirectionalSequenceLSTMOptionsT)
    if len(ctx.op.inputs) != INPUTS:
        raise ctx.error(f"has {len(ctx.op.inputs)} inputs; TFLite Micro's LSTM takes {INPUTS}")
    for i, role in ABSENT.items():
        if ctx.op.inputs[i] is not None:
            raise ctx.error(f"has {role} (input {i}); only the standard LSTM is supported (no peephole, "
                            "projection or layer norm)")
    if opts.fusedActivationFunction != schema.ActivationFunctionType.TANH:
        raise ctx.error(f"cell gate activation {opts.fusedActivationFunction} is not supported; TFLite Micro's "
                        "integer LSTM runs TANH")
    input, hidden, cell, output = ctx.input(0), ctx.input(HIDDEN), ctx.input(CELL), ctx.output(0)
    ctx.require_type(input, "input", list(BIAS_TYPES))
    for role, t, types in (("input", input, [input.dtype]), ("hidden state", hidden, [input.dtype]),
                           ("cell state", cell, ["int16"]), ("output", output, [input.dtype])):
        ctx.require_type(t, role, types)
        ctx.require_quantized(t, role)
    for role, t in (("hidden state", hidden), ("cell state", cell)):
        if not t.is_variable:
            raise ctx.error(f"{role} tensor '{t.name}' is not a variable tensor (TFLite Micro requires one)")
    ctx.require_rank(input, "input", [3])
    time_major = bool(opts.timeMajor)
    steps, batches, input_size = input.shape if time_major else (input.shape[1], input.shape[0], input.shape[2])
    state_size = ctx.input(GATE_TENSORS["forget"][1]).shape[-1]
    expected_output = (input.shape[0], input.shape[1], state_size)
    if output.shape != expected_output:
        raise ctx.error(f"output tensor '{output.name}' has shape {list(output.shape)}, expected "
                        f"{list(expected_output)}")
    for role, t in (("hidden state", hidden), ("cell state", cell)):
        if t.size != batches * state_size:
            raise ctx.error(f"{role} tensor '{t.name}' has {t.size} values, expected {batches} x {state_size}")
    gates = [_gate(ctx, name, tensors, input, hidden, input_size, state_size)
             for name, tensors in GATE_TENSORS.items()]
    gates_name = ctx.name("gates")
    ctx.unit.declare(gates_name, f"static const struct LstmGate {gates_name}[{len(gates)}] = {{"
                     + ", ".join(gates) + "};")
    forget_m, forget_s = quantize_multiplier(effective_scale(ACTIVATION_SCALE, cell.scale, cell.scale))
    update_m, update_s = quantize_multiplier(effective_scale(ACTIVATION_SCALE, ACTIVATION_SCALE, cell.scale))
    hidden_m, hidden_s = quantize_multiplier(effective_scale(ACTIVATION_SCALE, ACTIVATION_SCALE, hidden.scale))
    # TFLite Micro's Tanh(cell_state_scale_power): the cell's power-of-two scale as the table's input scaling
    # (multiplier 0 means 3 << shift).
    tanh_shift = 12 + checked_log2(cell.scale)[1]  # TFLite Micro ignores whether the scale is a power of two
    tanh_m, tanh_s = (0, tanh_shift) if tanh_shift >= 0 else (3, -tanh_shift)
    table = sigmoid_table_array(ctx)
    clip = 0
    if opts.cellClip > 0:
        clip = int(min(max(float(np.float32(opts.cellClip)) / float(np.float32(cell.scale)), -32768.0), 32767.0))
    params = declare_params(ctx, "LstmParams", {
        "batches": batches, "time_steps": steps, "input_size": input_size, "state_size": state_size,
        "time_major": int(time_major), "input_offset": -input.zero_point, "hidden_zero_point": hidden.zero_point,
        "forget_multiplier": forget_m, "forget_shift": forget_s, "update_multiplier": update_m,
        "update_shift": update_s, "hidden_multiplier": hidden_m, "hidden_shift": hidden_s,
        "gate_activation": f"{{0, 0, {table}}}", "cell_tanh": f"{{{tanh_m}, {tanh_s}, {table}}}",
        "cell_clip": clip,
    })
    function = "UnidirectionalSequenceLstm" + ("16x8" if input.dtype == "int16" else "")
    call = (f"{function}({params}, {gates_name}, {ctx.ptr(input)}, {ctx.ptr(hidden)}, "
            f"{ctx.ptr(cell)}, {ctx.ptr(output)});")
    macs = batches * steps * 4 * state_size * (input_size + state_size)
    return LayerCode("kernels/unidirectional_sequence_lstm.h", call, macs)


def _gate(ctx: OpContext, name: str, tensors: tuple[int, int, int], input: Tensor, hidden: Tensor,
          input_size: int, state_size: int) -> str:
    """One gate's `struct LstmGate` initializer, after checking its weights and bias."""
    weights, recurrent, bias = (ctx.input(i) for i in tensors)
    for role, t, shape, dtype in ((f"{name} gate input weights", weights, (state_size, input_size), "int8"),
                                  (f"{name} gate recurrent weights", recurrent, (state_size, state_size), "int8"),
                                  (f"{name} gate bias", bias, (state_size,), BIAS_TYPES[input.dtype])):
        ctx.require_type(t, role, [dtype])
        ctx.require_constant(t, role)
        ctx.require_quantized(t, role)
        if t.shape != shape:
            raise ctx.error(f"{role} tensor '{t.name}' has shape {list(t.shape)}, expected {list(shape)}")
    input_m, input_s = per_tensor_multiplier(input, weights, _GATE)
    recurrent_m, recurrent_s = per_tensor_multiplier(hidden, recurrent, _GATE)
    return (f"{{.input_weights = {ctx.ptr(weights)}, .recurrent_weights = {ctx.ptr(recurrent)}, "
            f".bias = {ctx.ptr(bias)}, .input_weights_offset = {-weights.zero_point}, "
            f".recurrent_weights_offset = {-recurrent.zero_point}, .input_multiplier = {input_m}, "
            f".input_shift = {input_s}, .recurrent_multiplier = {recurrent_m}, .recurrent_shift = {recurrent_s}}}")
