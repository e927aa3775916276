// Small placeable design for the place-and-route tests: a counter and N_MULT registered 16x16 multipliers.
// With N_MULT above the device's multiplier count it does not fit, which the overflow test needs.
module counter #(parameter N_MULT = 1) (
  input        clk,
  input  [3:0] a,
  output [2:0] out
);
  reg [23:0] count = 0;
  reg [31:0] product [0:N_MULT-1];
  reg [31:0] folded;
  integer i;
  always @(posedge clk) begin
    count <= count + 1;
    for (i = 0; i < N_MULT; i = i + 1)
      product[i] <= {count[15:4], a} * (count[23:8] + i);
  end
  always @* begin
    folded = 0;
    for (i = 0; i < N_MULT; i = i + 1)
      folded = folded ^ product[i];
  end
  assign out = {count[23], ^folded[31:16], ^folded[15:0]};
endmodule
