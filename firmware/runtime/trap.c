// Fatal trap report: cause, PC, faulting value and instruction, then exit.
//
// The report has a human line and a machine line (`~~trap ...~~`) that the
// host side parses to name the function at mepc (cfu.fwbuild.symbols).

#include <stdint.h>

#include "console.h"
#include "riscv_csr.h"
#include "runtime.h"
#include "soc_csr.h"

// Register file as saved by trap_entry (start.S): x[i] holds register xi,
// x[0] the stack pointer at the time of the trap.
struct TrapFrame {
  uint32_t x[32];
};

static const char* const kExceptionNames[] = {
    "instruction address misaligned",
    "instruction access fault",
    "illegal instruction",
    "breakpoint",
    "load address misaligned",
    "load access fault",
    "store address misaligned",
    "store access fault",
    "environment call from U-mode",
    "environment call from S-mode",
    "reserved",
    "environment call from M-mode",
    "instruction page fault",
    "load page fault",
    "reserved",
    "store page fault",
};

static const char* cause_name(uint32_t mcause) {
  if (mcause & 0x80000000u) return "unexpected interrupt";
  if (mcause < sizeof(kExceptionNames) / sizeof(kExceptionNames[0])) {
    return kExceptionNames[mcause];
  }
  return "unknown cause";
}

// Formatting by hand, not printf: the trap may come from inside stdio.
static void put_hex(uint32_t value) {
  static const char kDigits[] = "0123456789abcdef";
  console_puts("0x");
  for (int shift = 28; shift >= 0; shift -= 4) {
    console_putc(kDigits[(value >> shift) & 0xfu]);
  }
}

static void put_dec(uint32_t value) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + value % 10u);
    value /= 10u;
  } while (value != 0u);
  while (n > 0) console_putc(digits[--n]);
}

// The faulting instruction can only be read when the fetch itself worked and
// mepc lies in memory we know is there; otherwise reading it would trap again.
static int read_instruction(uint32_t mcause, uint32_t mepc, uint32_t* insn) {
  extern char __image_start[];
  extern char __image_end[];
  if ((mcause & 0x80000000u) || mcause == 0 || mcause == 1) return 0;
  if ((mepc & 3u) != 0) return 0;
  if (mepc < (uint32_t)__image_start || mepc >= (uint32_t)__image_end) return 0;
  *insn = *(const volatile uint32_t*)mepc;
  return 1;
}

// The exit code for a trap with this mcause (firmware/include/runtime.h).
static int trap_exit_code(uint32_t mcause) {
  uint32_t code = mcause & 0x7fffffffu;
  if (mcause & 0x80000000u) {
    if (code > FW_EXIT_TRAP_LAST_INTERRUPT) code = FW_EXIT_TRAP_LAST_INTERRUPT;
    return FW_EXIT_INTERRUPT_BASE + (int)code;
  }
  if (code > FW_EXIT_TRAP_LAST_EXCEPTION) code = FW_EXIT_TRAP_LAST_EXCEPTION;
  return FW_EXIT_TRAP_BASE + (int)code;
}

__attribute__((noreturn)) void trap_handler(const struct TrapFrame* frame) {
  static int nesting = 0;
  uint32_t mcause = riscv_csr_read(RISCV_CSR_MCAUSE);
  uint32_t mepc = riscv_csr_read(RISCV_CSR_MEPC);
  uint32_t mtval = riscv_csr_read(RISCV_CSR_MTVAL);
  if (++nesting > 1) {
    // A trap while reporting a trap: say so and stop, without more reports.
    console_puts("\n*** nested trap\n");
    fw_exit(FW_EXIT_NESTED_TRAP);
  }
  uint32_t insn = 0;
  int have_insn = read_instruction(mcause, mepc, &insn);

  console_puts("\n*** TRAP: ");
  console_puts(cause_name(mcause));
  console_puts(" (mcause ");
  put_dec(mcause & 0x7fffffffu);
  console_puts(")\n*** mepc ");
  put_hex(mepc);
  console_puts("  mtval ");
  put_hex(mtval);
  console_puts("  instruction ");
  if (have_insn) {
    put_hex(insn);
  } else {
    console_puts("unreadable");
  }
  console_puts("\n*** ra ");
  put_hex(frame->x[1]);
  console_puts("  sp ");
  put_hex(frame->x[0]);
  if (have_insn && (insn & 0x7fu) == 0x0bu && mcause == 2) {
    console_puts("\n*** a custom-0 (CFU) instruction trapped: is the CFU "
                 "enabled (bit 31 of CSR 0xBC0) and present in this CPU?");
  }
  // Machine-readable line: the host maps mepc/ra to symbols.
  console_puts("\n~~trap mcause=");
  put_hex(mcause);
  console_puts(" mepc=");
  put_hex(mepc);
  console_puts(" mtval=");
  put_hex(mtval);
  console_puts(" insn=");
  if (have_insn) {
    put_hex(insn);
  } else {
    console_puts("none");
  }
  console_puts(" ra=");
  put_hex(frame->x[1]);
  console_puts("~~");
  fw_exit(trap_exit_code(mcause));
}
