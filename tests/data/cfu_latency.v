// Test CFU answering after LATENCY cycles (0: in the command cycle), to exercise the PCPI bridge.
// funct3 0: rs1 + rs2; 1: (rs1 ^ rs2) + funct7; 2: acc += rs1, answers acc (a second issue shows);
// 3: acc = 0. Any other funct3 answers 0.
module Cfu #(parameter LATENCY = 1) (
  input             clk,
  input             reset,
  input             cmd_valid,
  output            cmd_ready,
  input      [9:0]  cmd_payload_function_id,
  input      [31:0] cmd_payload_inputs_0,
  input      [31:0] cmd_payload_inputs_1,
  output            rsp_valid,
  input             rsp_ready,
  output     [31:0] rsp_payload_outputs_0
);
  reg  [31:0] acc;
  reg  [31:0] result;
  reg  [7:0]  countdown;
  reg         busy;
  wire [2:0]  funct3 = cmd_payload_function_id[2:0];
  wire [6:0]  funct7 = cmd_payload_function_id[9:3];
  reg  [31:0] answer;

  always @* begin
    case (funct3)
      3'd0: answer = cmd_payload_inputs_0 + cmd_payload_inputs_1;
      3'd1: answer = (cmd_payload_inputs_0 ^ cmd_payload_inputs_1) + funct7;
      3'd2: answer = acc + cmd_payload_inputs_0;
      default: answer = 32'd0;
    endcase
  end

  wire take = cmd_valid && cmd_ready;
  assign cmd_ready = !busy;
  assign rsp_valid = LATENCY == 0 ? take : busy && countdown == 0;
  assign rsp_payload_outputs_0 = LATENCY == 0 ? answer : result;

  always @(posedge clk) begin
    if (reset) begin
      acc <= 0;
      busy <= 0;
    end else begin
      if (take) begin
        if (funct3 == 3'd2) acc <= answer;
        if (funct3 == 3'd3) acc <= 0;
        if (LATENCY != 0) begin
          busy <= 1;
          result <= answer;
          countdown <= LATENCY - 1;
        end
      end else if (busy) begin
        if (countdown != 0) countdown <= countdown - 1;
        else if (rsp_ready) busy <= 0;
      end
    end
  end
endmodule
