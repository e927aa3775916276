// A CFU that works between commands, for the fast simulator's skipped-cycle tests: its state changes while no
// command is pending, then it comes to rest; while it spins, one memory word changes every cycle and every
// register holds. Zero-latency and multi-cycle answers.
// funct3 0: start in0[7:0] cycles of work (acc and ring change each cycle); answers acc at once.
// funct3 1: spin: ring[in0[8:0]] + 1 every cycle, until funct3 2; answers 0 at once.
// funct3 2: stop spinning; answers ring[in0[8:0]] after in1[3:0] cycles.
// The ring is 2 KB, so that a word beyond the first kilobyte of the model's state can spin (cfu_port.cpp).
// funct3 3: answers acc once the work is done.
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
  reg [31:0] ring [0:511];
  reg [31:0] acc;
  reg [7:0] work;
  reg spin;
  reg [8:0] spin_addr;
  reg pending;
  reg [2:0] pending_funct3;
  reg [8:0] pending_addr;
  reg [7:0] countdown;
  wire [2:0] funct3 = cmd_payload_function_id[2:0];
  wire accept = cmd_valid && cmd_ready;

  assign cmd_ready = !pending;
  assign rsp_valid = pending ? countdown == 8'd0 && (pending_funct3 == 3'd2 || work == 8'd0)
                             : cmd_valid && (funct3 == 3'd0 || funct3 == 3'd1);
  assign rsp_payload_outputs_0 = pending ? (pending_funct3 == 3'd2 ? ring[pending_addr] : acc)
                                         : (funct3 == 3'd0 ? acc : 32'd0);

  always @(posedge clk) begin
    if (reset) begin
      acc <= 32'd1;
      work <= 8'd0;
      spin <= 1'b0;
      spin_addr <= 9'd0;
      pending <= 1'b0;
      pending_funct3 <= 3'd0;
      pending_addr <= 9'd0;
      countdown <= 8'd0;
    end else begin
      if (work != 8'd0) begin
        acc <= acc * 32'd33 + {24'd0, work} + ring[{1'b0, work}];
        ring[{1'b0, work}] <= acc;
        work <= work - 8'd1;
      end
      if (spin) ring[spin_addr] <= ring[spin_addr] + 32'd1;
      if (pending) begin
        if (countdown != 8'd0) countdown <= countdown - 8'd1;
        else if (rsp_valid && rsp_ready) pending <= 1'b0;
      end
      if (accept) begin
        case (funct3)
          3'd0: work <= cmd_payload_inputs_0[7:0];
          3'd1: begin spin <= 1'b1; spin_addr <= cmd_payload_inputs_0[8:0]; end
          3'd2: begin
            spin <= 1'b0;
            pending <= 1'b1;
            pending_funct3 <= 3'd2;
            pending_addr <= cmd_payload_inputs_0[8:0];
            countdown <= {4'd0, cmd_payload_inputs_1[3:0]};
          end
          3'd3: begin pending <= 1'b1; pending_funct3 <= 3'd3; end
          default: ;
        endcase
      end
    end
  end
endmodule
