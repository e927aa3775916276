// Program end and fatal errors: the exit protocol shared with the simulators.
//
// fw_exit(code) prints "~~exit <code>~~" on the console, then, on a simulated
// SoC (CSR_SIMCTRL_BASE defined), writes the code to the simctrl_exit CSR,
// which ends the simulation with that status. On a board it then waits
// forever: there is nothing to return to.
#ifndef FIRMWARE_INCLUDE_RUNTIME_H_
#define FIRMWARE_INCLUDE_RUNTIME_H_

#include <stdint.h>

// Exit code used after a trap: 128 + mcause (low 7 bits), as a Unix shell
// reports a signal. Codes 1..127 are left to the application.
#define FW_EXIT_TRAP_BASE 128

__attribute__((noreturn)) void fw_exit(int code);

#endif  // FIRMWARE_INCLUDE_RUNTIME_H_
