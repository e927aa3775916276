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
// after one that left those unchanged checks everything.
static const size_t kStateBytes = sizeof(VCfu___024root);
static const size_t kPrefixBytes = kStateBytes < 1024 ? kStateBytes : 1024;
static unsigned char snapshot[kStateBytes];
static size_t checked_bytes = kPrefixBytes;
static bool at_rest = false;

// The falling clock edge. The Cfu has one clock domain on the rising edge, so
// the evaluation after clk falls changes nothing but Verilator's memory of the
// clock's last value (the settled outputs were computed at the rising edge),
// which is all a falling edge needs to set. Verilator 5.006 names that memory
// __Vtrigrprev__TOP__clk and evaluates a design whose only trigger is that edge
// with a one-entry trigger vector; any other Verilator or design gets the full
// evaluation.
template <typename Root>
static auto fall(Root* root, int)
    -> decltype(root->__Vtrigrprev__TOP__clk = 0, void()) {
  using Triggers = std::remove_reference_t<decltype(root->__VactTriggered)>;
  if (std::is_same<Triggers, VlTriggerVec<1>>::value) {
    root->__Vtrigrprev__TOP__clk = 0;
  } else {
    cfu->eval();
  }
}
template <typename Root>
static void fall(Root*, long) {
  cfu->eval();
}

static void tick(void) {
  cfu->clk = 1;
  cfu->eval();
  cfu->clk = 0;
  fall(cfu->rootp, 0);
}

static void idle_cycles_pass(uint32_t cycles) {
  const unsigned char* state = reinterpret_cast<const unsigned char*>(cfu->rootp);
  for (; cycles && !at_rest; --cycles) {
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
