// Simulation-only monitor for the Verilator SoC: run-time options, exit code and watchdogs.
//
// Plusargs (read once at start):
//   +reset_vector=<hex>   CPU reset address (default 40000000: firmware preloaded in main RAM)
//   +cycle_budget=<dec>   end the run after this many cycles (0: no budget)
//   +cfu_timeout=<dec>    cycles a CFU command may wait to be accepted and answered (0: no watchdog)
// Every end of run goes through sim_monitor_exit(): the harness makes it the process exit status.
// The CPU is VexRiscv full+cfu, or PicoRV32 with the PCPI bridge when sim_monitor_picorv32.vh comes first.
module sim_monitor (
  input             clk,
  input             reset,
  input             cfu_cmd_valid,
  input             cfu_cmd_ready,
  input      [9:0]  cfu_function_id,
  input             cfu_rsp_valid,
  input             cfu_rsp_ready,
  input             exit_valid,
  input      [31:0] exit_code,
  output reg [31:0] reset_vector
);
  import "DPI-C" function void sim_monitor_exit(input int code);

  // Exit statuses of the simulator process for the two watchdogs (documented in sim/runner.py).
  localparam int BUDGET_EXIT = 124;
  localparam int CFU_TIMEOUT_EXIT = 125;
  // A PicoRV32 trap, as the firmware's trap handler reports an illegal instruction (64 + mcause 2).
  localparam int PICORV32_TRAP_EXIT = 66;
  // Cycles left for the UART to drain after firmware writes simctrl_exit.
  localparam int EXIT_GRACE = 256;

  // The PC of the instruction issuing the CFU command: in VexRiscv's execute stage, where CfuPlugin issues it;
  // PicoRV32's current instruction, which it offers on PCPI.
`ifdef SIM_MONITOR_PICORV32
  wire [31:0] execute_pc = sim.picorv32.reg_pc;
`else
  wire [31:0] execute_pc = sim.VexRiscv.decode_to_execute_PC;
`endif

  reg [63:0] cycle_budget;
  reg [31:0] cfu_timeout;
  reg [63:0] cycles;
  reg [31:0] cfu_wait;
  reg [9:0]  cfu_fid;
  reg [31:0] cfu_pc;
  reg        cfu_outstanding;
  reg [31:0] exit_countdown;
  reg        exiting;
  reg [31:0] exit_status;

  initial begin
    if (!$value$plusargs("reset_vector=%h", reset_vector)) reset_vector = 32'h40000000;
    if (!$value$plusargs("cycle_budget=%d", cycle_budget)) cycle_budget = 64'd0;
    if (!$value$plusargs("cfu_timeout=%d", cfu_timeout)) cfu_timeout = 32'd0;
    cycles = 64'd0;
    cfu_wait = 32'd0;
    cfu_outstanding = 1'b0;
    exiting = 1'b0;
    exit_countdown = 32'd0;
    exit_status = 32'd0;
  end

  wire cmd_fire = cfu_cmd_valid && cfu_cmd_ready;
  wire rsp_fire = cfu_rsp_valid && cfu_rsp_ready;
  // A command is waiting from the first cycle it is offered until its response is taken.
  wire cfu_waiting = !rsp_fire && (cfu_cmd_valid || cfu_outstanding);

  always @(posedge clk) begin
    cycles <= cycles + 64'd1;
    if (cycle_budget != 64'd0 && cycles == cycle_budget) begin
      $display("\n[sim] cycle budget exceeded: %0d cycles simulated (set a larger budget with --max-cycles)",
               cycles);
      sim_monitor_exit(BUDGET_EXIT);
      $finish;
    end

    if (reset) begin
      cfu_outstanding <= 1'b0;
      cfu_wait <= 32'd0;
    end else begin
      if (cmd_fire && !rsp_fire) cfu_outstanding <= 1'b1;
      else if (rsp_fire && !cmd_fire) cfu_outstanding <= 1'b0;
      if (cfu_waiting) begin
        if (cfu_wait == 32'd0) begin
          cfu_fid <= cfu_function_id;
          cfu_pc <= execute_pc;
        end
        cfu_wait <= cfu_wait + 32'd1;
      end else begin
        cfu_wait <= 32'd0;
      end
    end
    if (cfu_timeout != 32'd0 && cfu_wait == cfu_timeout) begin
      // A command still offered was never accepted (cmd_ready held low); one accepted was never answered.
      if (cfu_outstanding)
        $display("\n[sim] CFU watchdog: no response within %0d cycles to the CFU instruction at pc=0x%08x (funct3=%0d funct7=%0d, function_id=%0d)",
                 cfu_timeout, cfu_pc, cfu_fid[2:0], cfu_fid[9:3], cfu_fid);
      else
        $display("\n[sim] CFU watchdog: the CFU did not accept the CFU instruction at pc=0x%08x within %0d cycles (cmd_ready held low; funct3=%0d funct7=%0d, function_id=%0d)",
                 cfu_pc, cfu_timeout, cfu_fid[2:0], cfu_fid[9:3], cfu_fid);
      sim_monitor_exit(CFU_TIMEOUT_EXIT);
      $finish;
    end

`ifdef SIM_MONITOR_PICORV32
    // PicoRV32 without IRQs halts on a trap (an illegal instruction, ebreak/ecall): report it the way the
    // firmware's trap handler does (mcause 2, the status 64 + 2), instead of idling until the cycle budget.
    if (sim.picorv32.trap && !exiting) begin
      $display("\n[sim] PicoRV32 trapped (it halts on an illegal instruction)\n~~trap mcause=0x00000002 mepc=0x%08x mtval=0x00000000 insn=none ra=0x%08x~~",
               sim.picorv32.reg_pc, sim.picorv32.cpuregs[1]);
      sim_monitor_exit(PICORV32_TRAP_EXIT);
      $finish;
    end
`endif

    if (exit_valid && !exiting) begin
      exiting <= 1'b1;
      exit_status <= exit_code;
      exit_countdown <= EXIT_GRACE;
    end else if (exiting) begin
      if (exit_countdown == 32'd0) begin
        sim_monitor_exit(exit_status);
        $finish;
      end
      exit_countdown <= exit_countdown - 32'd1;
    end
  end
endmodule
