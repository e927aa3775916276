// Small hand-written CFU for the FPGA flow tests (the ports of docs/interfaces.md).
// funct3 0: rs1 + rs2; 1: rs1[15:0] * rs2[15:0]; 2: acc = 0; 3: acc += rs1[15:0] * rs2[15:0].
// The response is registered: one cycle after the command, held until rsp_ready.
module Cfu (
  input             clk,
  input             reset,
  input             cmd_valid,
  output            cmd_ready,
  input      [9:0]  cmd_payload_function_id,
  input      [31:0] cmd_payload_inputs_0,
  input      [31:0] cmd_payload_inputs_1,
  output reg        rsp_valid,
  input             rsp_ready,
  output reg [31:0] rsp_payload_outputs_0
);
  reg  [31:0] acc;
  wire [31:0] product = cmd_payload_inputs_0[15:0] * cmd_payload_inputs_1[15:0];
  wire [2:0]  funct3  = cmd_payload_function_id[2:0];

  assign cmd_ready = !rsp_valid || rsp_ready;

  always @(posedge clk) begin
    if (reset) begin
      rsp_valid <= 1'b0;
      acc <= 32'd0;
    end else begin
      if (rsp_valid && rsp_ready)
        rsp_valid <= 1'b0;
      if (cmd_valid && cmd_ready) begin
        rsp_valid <= 1'b1;
        case (funct3)
          3'd0: rsp_payload_outputs_0 <= cmd_payload_inputs_0 + cmd_payload_inputs_1;
          3'd1: rsp_payload_outputs_0 <= product;
          3'd2: begin acc <= 32'd0; rsp_payload_outputs_0 <= 32'd0; end
          3'd3: begin acc <= acc + product; rsp_payload_outputs_0 <= acc + product; end
          default: rsp_payload_outputs_0 <= 32'd0;
        endcase
      end
    end
  end
endmodule
