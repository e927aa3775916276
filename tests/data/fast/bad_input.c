// Firmware that does one wrong thing (BAD_INPUT selects which), to check that the fast simulator stops it
// with the same report and exit status as the Verilator SoC.
#include <stdint.h>

#include "irq.h"
#include "menu.h"

#define OUTSIDE_MEMORY 0x20000000u

static int do_bad_thing(void) {
#if BAD_INPUT == 1  // load outside every memory
  return (int)*(volatile uint32_t*)OUTSIDE_MEMORY;
#elif BAD_INPUT == 2  // store outside every memory
  *(volatile uint32_t*)OUTSIDE_MEMORY = 1;
  return 3;
#elif BAD_INPUT == 3  // misaligned load
  static uint32_t words[2];
  uint32_t value;
  __asm__ volatile("lw %0, 2(%1)" : "=r"(value) : "r"(words));
  return (int)value;
#elif BAD_INPUT == 4  // an illegal instruction
  __asm__ volatile(".word 0xffffffff");
  return 0;
#elif BAD_INPUT == 5  // a CFU instruction with the CFU switched off
  riscv_csr_clear(VEXRISCV_CSR_IRQ_MASK, VEXRISCV_CFU_ENABLE_BIT);
  uint32_t r;
  __asm__ volatile(".insn r 0x0B, 0, 0, %0, %1, %2" : "=r"(r) : "r"(1), "r"(2));
  return (int)r;
#elif BAD_INPUT == 6  // a jump outside every memory
  ((void (*)(void))OUTSIDE_MEMORY)();
  return 0;
#elif BAD_INPUT == 7  // a runaway loop
  for (;;) {
  }
#endif
}

MENU_ITEM(bad_input, 'x', "do one wrong thing", MENU_AUTO, do_bad_thing);
