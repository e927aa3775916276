// counter.v with nine multipliers: one more than an iCE40UP5K has (8 SB_MAC16).
module counter_overflow (input clk, input [3:0] a, output [2:0] out);
  counter #(.N_MULT(9)) inner (.clk(clk), .a(a), .out(out));
endmodule
