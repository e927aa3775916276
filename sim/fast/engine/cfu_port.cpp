// The project's Verilated `Cfu`, driven through its command/response handshake
// exactly as VexRiscv's CfuPlugin drives it (docs/interfaces.md, "CPU-CFU interface").
#include "cfu_port.h"

#include "VCfu.h"
#include "verilated.h"

static VCfu* cfu = nullptr;

static void tick(void) {
  cfu->clk = 1;
  cfu->eval();
  cfu->clk = 0;
  cfu->eval();
}

extern "C" void cfu_port_init(void) {
  cfu = new VCfu;
  cfu->clk = 0;
  cfu->reset = 1;
  cfu->cmd_valid = 0;
  cfu->rsp_ready = 1;
  cfu->eval();
  for (int i = 0; i < 4; ++i) tick();
  cfu->reset = 0;
  cfu->eval();
}

extern "C" struct CfuOutcome cfu_port_exec(uint32_t function_id, uint32_t in0, uint32_t in1,
                                           uint32_t idle_cycles, uint32_t timeout) {
  struct CfuOutcome out = {0, 0, 0, 0};
  for (uint32_t i = 0; i < idle_cycles; ++i) tick();
  cfu->cmd_valid = 1;
  cfu->cmd_payload_function_id = function_id;
  cfu->cmd_payload_inputs_0 = in0;
  cfu->cmd_payload_inputs_1 = in1;
  cfu->rsp_ready = 1;
  cfu->eval();
  // Offered until accepted: the handshake happens at the edge where cmd_ready is high.
  while (!cfu->cmd_ready) {
    if (timeout && out.cmd_wait >= timeout) {
      out.timed_out = 1;
      return out;
    }
    tick();
    ++out.cmd_wait;
  }
  if (cfu->rsp_valid) {
    // Zero latency: the response is taken at the same edge as the command.
    out.result = cfu->rsp_payload_outputs_0;
    tick();
    cfu->cmd_valid = 0;
    cfu->eval();
    return out;
  }
  tick();
  cfu->cmd_valid = 0;
  cfu->eval();
  out.latency = 1;
  while (!cfu->rsp_valid) {
    if (timeout && out.cmd_wait + out.latency >= timeout) {
      out.timed_out = 1;
      return out;
    }
    tick();
    ++out.latency;
  }
  out.result = cfu->rsp_payload_outputs_0;
  tick();
  return out;
}

extern "C" void cfu_port_final(void) {
  if (cfu) {
    cfu->final();
    delete cfu;
    cfu = nullptr;
  }
}
