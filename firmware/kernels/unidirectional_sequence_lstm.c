/* Reference integer LSTM, int8 and 16x8. TFLite Micro computes each gate for the whole state vector into int16
 * scratch buffers; every step after the fully connected layers is elementwise, so this kernel computes one state
 * element at a time through all four gates and the cell update, giving the same values with no scratch memory.
 * The new hidden state is written to the step's output first and copied to the hidden state once the step is
 * done, because every gate of the step reads the previous hidden state. Both variants are one loop nest taking
 * `wide` (0: int8 activations, int32 biases; 1: int16 activations, int64 biases), a constant at each entry
 * point, so the compiler specializes it and no test of it is left in the loops. */
#include "kernels/unidirectional_sequence_lstm.h"

static int32_t SaturateInt16(int32_t x) { return ActivationClamp(x, INT16_MIN, INT16_MAX); }

/* Element k of an int8 (wide == 0) or int16 (wide == 1) vector. */
static inline __attribute__((always_inline)) int32_t Load(const void* data, int32_t k, int wide) {
  return wide ? ((const int16_t*)data)[k] : ((const int8_t*)data)[k];
}

/* One row of a gate's fully connected layer in Q3.12, as TFLite Micro's FullyConnected: int8 accumulates in
 * int32 with an int32 bias, 16x8 in int64 with an int64 bias; `bias` may be NULL. */
static inline __attribute__((always_inline)) int32_t GateFc(const int8_t* weights, int32_t weights_offset,
                                                            const void* values, int32_t values_offset,
                                                            int32_t size, const void* bias, int32_t row,
                                                            int32_t multiplier, int32_t shift, int wide) {
  if (wide) {
    int64_t acc = 0;
    for (int32_t k = 0; k < size; ++k) acc += (weights[k] + weights_offset) * (Load(values, k, 1) + values_offset);
    if (bias) acc += ((const int64_t*)bias)[row];
    return SaturateInt16(MultiplyByQuantizedMultiplier64(acc, multiplier, shift));
  }
  int32_t acc = 0;
  for (int32_t k = 0; k < size; ++k) acc += (weights[k] + weights_offset) * (Load(values, k, 0) + values_offset);
  if (bias) acc += ((const int32_t*)bias)[row];
  return SaturateInt16(MultiplyByQuantizedMultiplier(acc, multiplier, shift));
}

/* Row `row` of the gate before its activation: the input and recurrent layers in Q3.12, added with saturation. */
static inline __attribute__((always_inline)) int32_t GateInput(const struct LstmParams* params,
                                                               const struct LstmGate* gate, int32_t row,
                                                               const void* input, const void* hidden, int wide) {
  const int32_t in = GateFc(gate->input_weights + row * params->input_size, gate->input_weights_offset, input,
                            params->input_offset, params->input_size, gate->bias, row, gate->input_multiplier,
                            gate->input_shift, wide);
  const int32_t rec = GateFc(gate->recurrent_weights + row * params->state_size, gate->recurrent_weights_offset,
                             hidden, -params->hidden_zero_point, params->state_size, 0, row,
                             gate->recurrent_multiplier, gate->recurrent_shift, wide);
  return SaturateInt16(in + rec);
}

static inline __attribute__((always_inline)) void LstmStep(const struct LstmParams* params,
                                                           const struct LstmGate* gates, const void* input,
                                                           void* hidden, int16_t* cell, void* output, int wide) {
  const struct SigmoidTableParams* gate_activation = &params->gate_activation;
  for (int32_t j = 0; j < params->state_size; ++j) {
    const int32_t forget = SigmoidTableLogistic(gate_activation, (int16_t)GateInput(params, &gates[kLstmForgetGate],
                                                                                    j, input, hidden, wide));
    const int32_t in = SigmoidTableLogistic(gate_activation, (int16_t)GateInput(params, &gates[kLstmInputGate], j,
                                                                                input, hidden, wide));
    const int32_t update = SigmoidTableTanh(gate_activation, (int16_t)GateInput(params, &gates[kLstmCellGate], j,
                                                                                input, hidden, wide));
    const int32_t kept = SaturateInt16(MultiplyByQuantizedMultiplier(forget * cell[j], params->forget_multiplier,
                                                                      params->forget_shift));
    const int32_t added = SaturateInt16(MultiplyByQuantizedMultiplier(in * update, params->update_multiplier,
                                                                       params->update_shift));
    int32_t c = SaturateInt16(kept + added);
    if (params->cell_clip > 0) c = ActivationClamp(c, -params->cell_clip, params->cell_clip);
    cell[j] = (int16_t)c;
    const int32_t out_gate = SigmoidTableLogistic(gate_activation, (int16_t)GateInput(params,
                                                                                      &gates[kLstmOutputGate], j,
                                                                                      input, hidden, wide));
    const int32_t cell_tanh = SigmoidTableTanh(&params->cell_tanh, cell[j]);
    const int32_t h = params->hidden_zero_point + MultiplyByQuantizedMultiplier(cell_tanh * out_gate,
                                                                                params->hidden_multiplier,
                                                                                params->hidden_shift);
    if (wide) {
      ((int16_t*)output)[j] = (int16_t)SaturateInt16(h);
    } else {
      ((int8_t*)output)[j] = (int8_t)ActivationClamp(h, INT8_MIN, INT8_MAX);
    }
  }
  const int32_t bytes = wide ? 2 : 1;
  for (int32_t j = 0; j < params->state_size * bytes; ++j) ((int8_t*)hidden)[j] = ((const int8_t*)output)[j];
}

static inline __attribute__((always_inline)) void Lstm(const struct LstmParams* params,
                                                       const struct LstmGate* gates, const void* input_data,
                                                       void* hidden_state, int16_t* cell_state, void* output_data,
                                                       int wide) {
  const int32_t batches = params->batches, steps = params->time_steps, bytes = wide ? 2 : 1;
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t t = 0; t < steps; ++t) {
      const int32_t row = params->time_major ? t * batches + b : b * steps + t;
      LstmStep(params, gates, (const int8_t*)input_data + row * params->input_size * bytes,
               (int8_t*)hidden_state + b * params->state_size * bytes, cell_state + b * params->state_size,
               (int8_t*)output_data + row * params->state_size * bytes, wide);
    }
  }
}

void UnidirectionalSequenceLstm(const struct LstmParams* params, const struct LstmGate* gates,
                                const int8_t* input_data, int8_t* hidden_state, int16_t* cell_state,
                                int8_t* output_data) {
  Lstm(params, gates, input_data, hidden_state, cell_state, output_data, 0);
}

void UnidirectionalSequenceLstm16x8(const struct LstmParams* params, const struct LstmGate* gates,
                                    const int16_t* input_data, int16_t* hidden_state, int16_t* cell_state,
                                    int16_t* output_data) {
  Lstm(params, gates, input_data, hidden_state, cell_state, output_data, 1);
}
