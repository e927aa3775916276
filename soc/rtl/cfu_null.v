// Placeholder CFU used when only the SoC's shape matters (headers, board elaboration without a project):
// it answers every command at once with zero.
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
  assign cmd_ready = rsp_ready;
  assign rsp_valid = cmd_valid;
  assign rsp_payload_outputs_0 = 32'd0;
endmodule
