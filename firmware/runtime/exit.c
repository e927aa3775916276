// The exit protocol (docs/contracts.md, "SoC / firmware": program end).

#include <stdio.h>
#include <stdlib.h>

#include "console.h"
#include "runtime.h"
#include "soc_csr.h"

// The marker is printed with console_puts, not printf: fw_exit also runs
// after a trap, when stdio's state may be what faulted.
static void print_exit_marker(int code) {
  char digits[12];
  int n = 0;
  unsigned int magnitude = code < 0 ? 0u - (unsigned int)code : (unsigned int)code;
  do {
    digits[n++] = (char)('0' + magnitude % 10u);
    magnitude /= 10u;
  } while (magnitude != 0u);
  console_puts("\n~~exit ");
  if (code < 0) console_putc('-');
  while (n > 0) console_putc(digits[--n]);
  console_puts("~~\n");
}

void fw_exit(int code) {
  print_exit_marker(code);
  console_flush();
#if defined(CSR_SIMCTRL_BASE)
  simctrl_exit_write((uint32_t)code);
#elif defined(CSR_SIM_FINISH_BASE)
  // Stock LiteX simulator: ends the run; the code reaches the host only
  // through the printed marker.
  sim_finish_finish_write(1);
#endif
  for (;;) {
  }
}

// picolibc's exit() (and returning from main through start-up) land here.
void _exit(int code) { fw_exit(code); }
