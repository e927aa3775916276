// CFU for the toolkit's own tests that reports its own clock: the rising edges since reset.
// funct3 0: the count, in the handshake cycle; funct3 1: the count at the handshake, three cycles later.
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
  reg [31:0] edges;
  reg [31:0] held;
  reg [1:0] countdown;
  reg busy;
  wire slow = cmd_payload_function_id[2:0] == 3'd1;
  assign cmd_ready = !busy && rsp_ready;
  assign rsp_valid = busy ? countdown == 2'd0 : cmd_valid && !slow;
  assign rsp_payload_outputs_0 = busy ? held : edges;
  always @(posedge clk) begin
    if (reset) begin
      edges <= 32'd0;
      busy <= 1'b0;
      countdown <= 2'd0;
    end else begin
      edges <= edges + 32'd1;
      if (cmd_valid && cmd_ready && slow) begin
        busy <= 1'b1;
        countdown <= 2'd2;
        held <= edges;
      end else if (busy && countdown != 2'd0) begin
        countdown <= countdown - 2'd1;
      end else if (busy && rsp_ready) begin
        busy <= 1'b0;
      end
    end
  end
endmodule
