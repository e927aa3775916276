/* Reference integer LSTM. TFLite Micro computes each gate for the whole state vector into int16 scratch buffers;
 * every step after the fully connected layers is elementwise, so this kernel computes one state element at a
 * time through all four gates and the cell update, giving the same values with no scratch memory. The new
 * hidden state is written to the step's output first and copied to the hidden state once the step is done,
 * because every gate of the step reads the previous hidden state. */
#include "kernels/unidirectional_sequence_lstm.h"

static int32_t SaturateInt16(int32_t x) { return ActivationClamp(x, INT16_MIN, INT16_MAX); }

static int32_t GateDot(const int8_t* weights, int32_t weights_offset, const int8_t* values, int32_t values_offset,
                       int32_t size) {
  int32_t acc = 0;
  for (int32_t k = 0; k < size; ++k) acc += (weights[k] + weights_offset) * (values[k] + values_offset);
  return acc;
}

/* Row `row` of the gate before its activation: the input and recurrent layers in Q3.12, added with saturation. */
static int32_t GateInput(const struct LstmParams* params, const struct LstmGate* gate, int32_t row,
                         const int8_t* input, const int8_t* hidden) {
  const int32_t in = GateDot(gate->input_weights + row * params->input_size, gate->input_weights_offset, input,
                             params->input_offset, params->input_size) + gate->bias[row];
  const int32_t rec = GateDot(gate->recurrent_weights + row * params->state_size, gate->recurrent_weights_offset,
                              hidden, -params->hidden_zero_point, params->state_size);
  return SaturateInt16(SaturateInt16(MultiplyByQuantizedMultiplier(in, gate->input_multiplier, gate->input_shift)) +
                       SaturateInt16(MultiplyByQuantizedMultiplier(rec, gate->recurrent_multiplier,
                                                                   gate->recurrent_shift)));
}

static void LstmStep(const struct LstmParams* params, const struct LstmGate* gates, const int8_t* input,
                     int8_t* hidden, int16_t* cell, int8_t* output) {
  const struct SigmoidTableParams* gate_activation = &params->gate_activation;
  for (int32_t j = 0; j < params->state_size; ++j) {
    const int32_t forget = SigmoidTableLogistic(gate_activation, (int16_t)GateInput(params, &gates[kLstmForgetGate],
                                                                                    j, input, hidden));
    const int32_t in = SigmoidTableLogistic(gate_activation, (int16_t)GateInput(params, &gates[kLstmInputGate], j,
                                                                                input, hidden));
    const int32_t update = SigmoidTableTanh(gate_activation, (int16_t)GateInput(params, &gates[kLstmCellGate], j,
                                                                                input, hidden));
    const int32_t kept = SaturateInt16(MultiplyByQuantizedMultiplier(forget * cell[j], params->forget_multiplier,
                                                                      params->forget_shift));
    const int32_t added = SaturateInt16(MultiplyByQuantizedMultiplier(in * update, params->update_multiplier,
                                                                       params->update_shift));
    int32_t c = SaturateInt16(kept + added);
    if (params->cell_clip > 0) c = ActivationClamp(c, -params->cell_clip, params->cell_clip);
    cell[j] = (int16_t)c;
    const int32_t out_gate = SigmoidTableLogistic(gate_activation, (int16_t)GateInput(params,
                                                                                      &gates[kLstmOutputGate], j,
                                                                                      input, hidden));
    const int32_t cell_tanh = SigmoidTableTanh(&params->cell_tanh, cell[j]);
    const int32_t h = params->hidden_zero_point + MultiplyByQuantizedMultiplier(cell_tanh * out_gate,
                                                                                params->hidden_multiplier,
                                                                                params->hidden_shift);
    output[j] = (int8_t)ActivationClamp(h, INT8_MIN, INT8_MAX);
  }
  for (int32_t j = 0; j < params->state_size; ++j) hidden[j] = output[j];
}

void UnidirectionalSequenceLstm(const struct LstmParams* params, const struct LstmGate* gates,
                                const int8_t* input_data, int8_t* hidden_state, int16_t* cell_state,
                                int8_t* output_data) {
  const int32_t batches = params->batches, steps = params->time_steps;
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t t = 0; t < steps; ++t) {
      const int32_t row = params->time_major ? t * batches + b : b * steps + t;
      LstmStep(params, gates, input_data + row * params->input_size, hidden_state + b * params->state_size,
               cell_state + b * params->state_size, output_data + row * params->state_size);
    }
  }
}
