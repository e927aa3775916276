// The CFU as the fast simulator sees it: one call per CFU instruction.
// Implemented by cfu_port.cpp on the project's Verilated `Cfu`.
#ifndef SIM_FAST_ENGINE_CFU_PORT_H_
#define SIM_FAST_ENGINE_CFU_PORT_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// How one CFU instruction went, in CFU clock cycles.
struct CfuOutcome {
  uint32_t result;
  uint32_t cmd_wait;  // cycles cmd_valid was high before cmd_ready (0: accepted at once)
  uint32_t latency;   // cycles from the command handshake to rsp_valid (0: same cycle)
  int timed_out;      // no response within the watchdog's cycles
};

void cfu_port_init(void);
// Lets `idle_cycles` clock cycles pass with no command (the CPU's time since
// the last CFU instruction, capped by the caller), then issues one command and
// waits up to `timeout` cycles (0: forever) for its response.
struct CfuOutcome cfu_port_exec(uint32_t function_id, uint32_t in0, uint32_t in1,
                                uint32_t idle_cycles, uint32_t timeout);
void cfu_port_final(void);

#ifdef __cplusplus
}
#endif

#endif  // SIM_FAST_ENGINE_CFU_PORT_H_
