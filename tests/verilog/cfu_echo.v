// Minimal CFU for the toolkit's own tests: answers in the handshake cycle.
// funct3 0: rs1 + rs2; funct3 1: rs1 ^ rs2; others: rs1.
module Cfu (
  input               clk,
  input               reset,
  input               cmd_valid,
  output              cmd_ready,
  input      [9:0]    cmd_payload_function_id,
  input      [31:0]   cmd_payload_inputs_0,
  input      [31:0]   cmd_payload_inputs_1,
  output              rsp_valid,
  input               rsp_ready,
  output     [31:0]   rsp_payload_outputs_0
);
  assign rsp_valid = cmd_valid;
  assign cmd_ready = rsp_ready;
  assign rsp_payload_outputs_0 =
      cmd_payload_function_id[2:0] == 3'd0 ? cmd_payload_inputs_0 + cmd_payload_inputs_1 :
      cmd_payload_function_id[2:0] == 3'd1 ? cmd_payload_inputs_0 ^ cmd_payload_inputs_1 :
                                             cmd_payload_inputs_0;
endmodule
