// The project's Verilated `Cfu`, driven through its command/response handshake
// exactly as VexRiscv's CfuPlugin drives it (docs/interfaces.md, "CPU-CFU interface").
#include "cfu_port.h"

#include <string.h>

#include <type_traits>

#include "VCfu.h"
#include "VCfu___024root.h"
#include "verilated.h"

static VCfu* cfu = nullptr;

// Idle cycles at rest. The Verilated model is a deterministic function of its
// state (every variable of its root object, the input ports included) and its
// inputs; in an idle cycle (no command, no reset) the inputs repeat. So once an
// idle cycle leaves every byte of the state as it was, every further idle cycle
// does too, and they need no evaluation until the next command. Checking the
// whole state costs a copy of the CFU's memories, so each idle cycle checks the
// first kPrefixBytes (Verilator puts scalars before arrays) and only a cycle
// after one that left those unchanged checks everything. A whole check costs
// as much as several evaluations (mnv2_first's CFU: 18.7 KB copied and compared,
// the time of about five), so checks are made only while more than kMinSkippable
// idle cycles remain; fewer are simply evaluated.
static const size_t kStateBytes = sizeof(VCfu___024root);
static const size_t kPrefixBytes = kStateBytes < 1024 ? kStateBytes : 1024;
static const uint32_t kMinSkippable = 8;
static unsigned char snapshot[kStateBytes];
static size_t checked_bytes = kPrefixBytes;
static bool at_rest = false;

// One clock cycle. The Cfu has one clock domain on the rising edge, and every
// tick happens with its inputs already settled by an eval() after they were last
// written (cfu_port_init, cfu_port_exec). When build.py found that the Verilated
// code reads `clk` only to detect its rising edge (CFU_PORT_CLOCK_EDGE_ONLY), a
// full eval() on that edge would run the input-combinational region again on
// unchanged inputs (recomputing the values it holds) and then the edge's
// region; so only the latter runs, as eval() runs it, and Verilator's trigger
// bookkeeping is left as eval() leaves it. The falling edge then changes
// nothing but Verilator's memory of the clock's last value, which this path
// never sets. Verilator 5.006 names these __VnbaTriggered, __Vtrigrprev__TOP__clk
// and VCfu___024root___eval_nba; a design with more than the one trigger of
// that edge, or another Verilator, gets full evaluations of both edges.
#ifdef CFU_PORT_CLOCK_EDGE_ONLY
void VCfu___024root___eval_nba(VCfu___024root* vlSelf);

template <typename Root>
static auto rising_edge_only(Root* root, int)
    -> decltype(root->__Vtrigrprev__TOP__clk = 0, root->__VnbaTriggered.at(0) = true, bool()) {
  using Triggers = std::remove_reference_t<decltype(root->__VnbaTriggered)>;
  if (!std::is_same<Triggers, VlTriggerVec<1>>::value) return false;
  cfu->clk = 1;
  root->__VnbaTriggered.at(0) = true;
  VCfu___024root___eval_nba(root);
  root->__VnbaTriggered.at(0) = false;
  cfu->clk = 0;
  return true;
}
#endif
template <typename Root>
static bool rising_edge_only(Root*, long) {
  return false;
}

static void tick(void) {
  if (rising_edge_only(cfu->rootp, 0)) return;
  cfu->clk = 1;
  cfu->eval();
  cfu->clk = 0;
  cfu->eval();
}

// Built with CFU_PORT_EVERY_CYCLE (build.py, shortcuts=False), every idle cycle
// is evaluated: the reference the skipping is tested against.
static void idle_cycles_pass(uint32_t cycles) {
#ifndef CFU_PORT_EVERY_CYCLE
  const unsigned char* state = reinterpret_cast<const unsigned char*>(cfu->rootp);
  for (; cycles > kMinSkippable && !at_rest; --cycles) {
    memcpy(snapshot, state, checked_bytes);
    tick();
    if (memcmp(snapshot, state, checked_bytes) != 0) {
      checked_bytes = kPrefixBytes;
    } else if (checked_bytes == kStateBytes) {
      at_rest = true;
    } else {
      checked_bytes = kStateBytes;
    }
  }
  if (at_rest) return;
#endif
  for (; cycles; --cycles) tick();
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
  idle_cycles_pass(idle_cycles);
  at_rest = false;
  checked_bytes = kPrefixBytes;
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
