/* UNIDIRECTIONAL_SEQUENCE_LSTM, int8 (TFLite Micro's integer LSTM: int8 input, weights and hidden state, int16
 * gates and cell state) and 16x8 (int16 input, hidden state and output, int8 weights, int64 biases): for each
 * batch and time step, the four gates (forget, input, cell, output) are activation(FC(input) + FC(hidden)) in
 * Q3.12 -> Q0.15, the cell state becomes forget * cell + input * cell gate (optionally clipped), the hidden state
 * tanh(cell) * output gate, which is also the step's output. The hidden and cell states are variable tensors:
 * they carry over between invocations. */
#ifndef KERNELS_UNIDIRECTIONAL_SEQUENCE_LSTM_H
#define KERNELS_UNIDIRECTIONAL_SEQUENCE_LSTM_H

#include <stdint.h>

#include "kernels/kernel_util.h"
#include "kernels/sigmoid_table.h"

enum { kLstmForgetGate, kLstmInputGate, kLstmCellGate, kLstmOutputGate, kLstmGates };

/* One gate's two fully connected layers, each to the Q3.12 gate scale. */
struct LstmGate {
  const int8_t* input_weights;     /* [state_size, input_size] */
  const int8_t* recurrent_weights; /* [state_size, state_size] */
  const void* bias;                /* [state_size]: int32 (int8 LSTM) or int64 (16x8) */
  int32_t input_weights_offset, recurrent_weights_offset; /* -zero points */
  int32_t input_multiplier, input_shift, recurrent_multiplier, recurrent_shift;
};

struct LstmParams {
  int32_t batches, time_steps, input_size, state_size;
  int32_t time_major;   /* input [time, batch, input] instead of [batch, time, input] */
  int32_t input_offset; /* -input zero point */
  int32_t hidden_zero_point;
  int32_t forget_multiplier, forget_shift; /* forget gate x cell -> cell */
  int32_t update_multiplier, update_shift; /* input gate x cell gate -> cell */
  int32_t hidden_multiplier, hidden_shift; /* tanh(cell) x output gate -> hidden */
  struct SigmoidTableParams gate_activation; /* Q3.12 gates: multiplier 0, shift 0 */
  struct SigmoidTableParams cell_tanh;       /* tanh of the cell state, through its power-of-two scale */
  int32_t cell_clip;                         /* quantized; 0: no clipping */
};

void UnidirectionalSequenceLstm(const struct LstmParams* params, const struct LstmGate* gates,
                                const int8_t* input_data, int8_t* hidden_state, int16_t* cell_state,
                                int8_t* output_data);
void UnidirectionalSequenceLstm16x8(const struct LstmParams* params, const struct LstmGate* gates,
                                    const int16_t* input_data, int16_t* hidden_state, int16_t* cell_state,
                                    int16_t* output_data);

#endif /* KERNELS_UNIDIRECTIONAL_SEQUENCE_LSTM_H */
