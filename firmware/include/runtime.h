// Program end and fatal errors: the exit protocol shared with the simulators.
//
// fw_exit(code) prints "~~exit <code>~~" on the console, then, on a simulated
// SoC (CSR_SIMCTRL_BASE defined), writes the code to the simctrl_exit CSR,
// which ends the simulation with that status. On a board it then waits
// forever: there is nothing to return to.
#ifndef FIRMWARE_INCLUDE_RUNTIME_H_
#define FIRMWARE_INCLUDE_RUNTIME_H_

#include <stdint.h>

// Exit codes after a fatal trap (the table of every status is in
// docs/simulation.md, "Exit statuses"): 64 + the exception code (0..31),
// 96 + the interrupt code (0..23) for an unexpected interrupt, 120 for a trap
// while reporting a trap. None is a status of the simulator or the shell:
// 124 (cycle budget), 125 (CFU watchdog), 128 + a signal (130: Ctrl-C).
// Codes 1..63 are left to the application.
#define FW_EXIT_TRAP_BASE 64
#define FW_EXIT_TRAP_LAST_EXCEPTION 31
#define FW_EXIT_INTERRUPT_BASE 96
#define FW_EXIT_TRAP_LAST_INTERRUPT 23
#define FW_EXIT_NESTED_TRAP 120

__attribute__((noreturn)) void fw_exit(int code);

#endif  // FIRMWARE_INCLUDE_RUNTIME_H_
