// C side of start-up: what must happen between _start and main().

#include "irq.h"
#include "runtime.h"

int main(void);

// Called by _start (start.S) with sp, gp, tp set and .bss zeroed.
__attribute__((noreturn)) void fw_start(void) {
  // The CFU is off at reset (CFU instructions trap as illegal) until bit 31
  // of CSR 0xBC0 is set. Set it with csrs: the CSR's other bits are LiteX's
  // interrupt mask, which nothing here may clobber. PicoRV32 has no CSR 0xBC0
  // (writing it halts the CPU): its CFU, on PCPI, is always on.
#ifndef __picorv32__
  cfu_enable();
#endif
  // Constructors, should any C file declare one.
  typedef void (*InitFunction)(void);
  extern const InitFunction __init_array_start[];
  extern const InitFunction __init_array_end[];
  for (const InitFunction* f = __init_array_start; f < __init_array_end; ++f) {
    (*f)();
  }
  fw_exit(main());
}
