// A hand-written CFU: every funct3 answers in0 + in1 one cycle after the command.
// With LATE_OPERANDS defined it adds the operands seen at answer time instead of latching
// them at the handshake: a bug the verification harness must catch.
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
    assign cmd_ready = !rsp_valid;
    always @(posedge clk) begin
        if (reset) begin
            rsp_valid <= 1'b0;
        end else if (rsp_valid) begin
            if (rsp_ready) rsp_valid <= 1'b0;
        end else if (cmd_valid) begin
            rsp_valid <= 1'b1;
`ifndef LATE_OPERANDS
            rsp_payload_outputs_0 <= cmd_payload_inputs_0 + cmd_payload_inputs_1;
`endif
        end
`ifdef LATE_OPERANDS
        rsp_payload_outputs_0 <= cmd_payload_inputs_0 + cmd_payload_inputs_1;
`endif
    end
endmodule
