// PicoRV32 + pcpi_cfu_bridge + Cfu, running a program from a word-addressed memory.
// Stores to 0x10000000 print "OUT <hex>"; a store to 0x10000004 ends the run ("EXIT <code>").
// A CPU trap prints "TRAP <pc>"; a run longer than MAX_CYCLES (200000) cycles prints "TIMEOUT".
// For a firmware image: MEM_BASE and MEM_WORDS place the memory (and the reset address); with UART_BASE,
// LiteX's UART CSRs there print what is written to rxtx (tx never full, rx always empty), and a jump to
// itself (the firmware's end) prints "SPIN <pc>" and ends the run.
`timescale 1ns/1ps
`ifndef MEM_BASE
`define MEM_BASE 32'h0
`endif
`ifndef MEM_WORDS
`define MEM_WORDS 4096
`endif
`ifndef MAX_CYCLES
`define MAX_CYCLES 200000
`endif
module tb;
  reg clk = 0;
  reg resetn = 0;
  always #5 clk = !clk;

  wire        mem_valid, mem_instr, trap;
  reg         mem_ready = 0;
  wire [31:0] mem_addr, mem_wdata;
  wire [3:0]  mem_wstrb;
  reg  [31:0] mem_rdata;

  wire        pcpi_valid, pcpi_wr, pcpi_wait, pcpi_ready;
  wire [31:0] pcpi_insn, pcpi_rs1, pcpi_rs2, pcpi_rd;

  wire        cmd_valid, cmd_ready, rsp_valid, rsp_ready;
  wire [9:0]  function_id;
  wire [31:0] inputs_0, inputs_1, outputs_0;

  picorv32 #(
    .ENABLE_PCPI(1), .ENABLE_MUL(1), .ENABLE_DIV(1), .ENABLE_COUNTERS(1), .CATCH_ILLINSN(1),
    .ENABLE_IRQ(0), .PROGADDR_RESET(`MEM_BASE), .STACKADDR(`MEM_BASE + 32'h4000)
  ) cpu (
    .clk(clk), .resetn(resetn), .trap(trap),
    .mem_valid(mem_valid), .mem_instr(mem_instr), .mem_ready(mem_ready), .mem_addr(mem_addr),
    .mem_wdata(mem_wdata), .mem_wstrb(mem_wstrb), .mem_rdata(mem_rdata),
    .pcpi_valid(pcpi_valid), .pcpi_insn(pcpi_insn), .pcpi_rs1(pcpi_rs1), .pcpi_rs2(pcpi_rs2),
    .pcpi_wr(pcpi_wr), .pcpi_rd(pcpi_rd), .pcpi_wait(pcpi_wait), .pcpi_ready(pcpi_ready),
    .irq(32'b0)
  );

  pcpi_cfu_bridge bridge (
    .clk(clk), .rst(!resetn),
    .pcpi__valid(pcpi_valid), .pcpi__insn(pcpi_insn), .pcpi__rs1(pcpi_rs1), .pcpi__rs2(pcpi_rs2),
    .pcpi__wr(pcpi_wr), .pcpi__rd(pcpi_rd), .pcpi__wait(pcpi_wait), .pcpi__ready(pcpi_ready),
    .cfu__cmd_valid(cmd_valid), .cfu__cmd_ready(cmd_ready), .cfu__cmd_payload_function_id(function_id),
    .cfu__cmd_payload_inputs_0(inputs_0), .cfu__cmd_payload_inputs_1(inputs_1),
    .cfu__rsp_valid(rsp_valid), .cfu__rsp_ready(rsp_ready), .cfu__rsp_payload_outputs_0(outputs_0)
  );

  Cfu #(.LATENCY(`LATENCY)) cfu (
    .clk(clk), .reset(!resetn),
    .cmd_valid(cmd_valid), .cmd_ready(cmd_ready), .cmd_payload_function_id(function_id),
    .cmd_payload_inputs_0(inputs_0), .cmd_payload_inputs_1(inputs_1),
    .rsp_valid(rsp_valid), .rsp_ready(rsp_ready), .rsp_payload_outputs_0(outputs_0)
  );

  reg [31:0] memory [0:`MEM_WORDS - 1];
  wire [31:0] word = (mem_addr - `MEM_BASE) >> 2;
  reg [31:0] last_fetch = 0;
  integer cycles = 0;
  initial begin
    $readmemh(`PROGRAM, memory);
    repeat (10) @(posedge clk);
    resetn <= 1;
  end

  always @(posedge clk) begin
    cycles <= cycles + 1;
    mem_ready <= 0;
    if (cycles > `MAX_CYCLES) begin
      $display("TIMEOUT");
      $finish;
    end
    if (resetn && trap) begin
      $display("TRAP %08x", cpu.reg_pc);
      $finish;
    end
    if (mem_valid && !mem_ready) begin
      mem_ready <= 1;
`ifdef UART_BASE
      if (mem_instr) begin
        if (mem_addr == last_fetch) begin
          $display("\nSPIN %08x", mem_addr);
          $finish;
        end
        last_fetch <= mem_addr;
      end
      if (mem_addr == `UART_BASE && mem_wstrb != 0)
        $write("%c", mem_wdata[7:0]);
      else if ((mem_addr & ~32'hff) == `UART_BASE)
        mem_rdata <= (mem_addr == `UART_BASE + 8 || mem_addr == `UART_BASE + 'h18);  // rxempty, txempty
      else
`endif
      if (mem_addr == 32'h1000_0000 && mem_wstrb != 0)
        $display("OUT %08x", mem_wdata);
      else if (mem_addr == 32'h1000_0004 && mem_wstrb != 0) begin
        $display("EXIT %0d", mem_wdata);
        $finish;
      end else begin
        mem_rdata <= memory[word];
        if (mem_wstrb[0]) memory[word][7:0]   <= mem_wdata[7:0];
        if (mem_wstrb[1]) memory[word][15:8]  <= mem_wdata[15:8];
        if (mem_wstrb[2]) memory[word][23:16] <= mem_wdata[23:16];
        if (mem_wstrb[3]) memory[word][31:24] <= mem_wdata[31:24];
      end
    end
  end
endmodule
