// The fast simulator: an rv32im interpreter of the simulated SoC (same memory
// map, UART, simctrl exit, CSRs and traps as the Verilator SoC) with a timing
// model of VexRiscv full+cfu inline, and the CFU co-simulated (cfu_port.h).
//
//   fastsim IMAGE [--budget N] [--cfu-timeout N] [--param name=value]...
//               [--map name=0xADDR]... [--stats FILE]
//
// The UART goes to stdout. Exit status: the firmware's exit code (simctrl),
// 124 when the cycle budget is exceeded, 125 when a CFU instruction gets no
// response, 2 for bad arguments. docs/fast.md describes the timing model.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfu_port.h"

// Memory map of the simulated SoC (soc/targets/sim.py, LiteX's mem.h).
#define ROM_BASE 0x00000000u
#define ROM_SIZE 0x00010000u
#define SRAM_BASE 0x10000000u
#define SRAM_SIZE 0x00002000u
#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x01000000u
#define CSR_BUS_BASE 0xF0000000u
#define CSR_BUS_SIZE 0x00010000u

// Exit statuses shared with the Verilator SoC (sim/runner.py).
#define EXIT_BUDGET 124
#define EXIT_CFU_TIMEOUT 125
#define EXIT_USAGE 2

// Caches of VexRiscv full+cfu (pythondata-cpu-vexriscv GenCoreDefault:
// 4 KiB, one way, 32-byte lines, for both instructions and data).
#define LINE_SHIFT 5
#define CACHE_LINES 128u
#define WORDS_PER_LINE 8u
// LiteX's bus timeout (SoCCore bus_timeout): a bus access nothing answers is
// acknowledged with all ones after this many cycles, without an error.
#define BUS_TIMEOUT 1000000u

// Timing parameters, in cycles (fitted by `cfu calibrate`, docs/fast.md).
struct Timing {
  uint32_t icache_miss;     // instruction line refill
  uint32_t dcache_miss;     // data line refill (load miss)
  uint32_t store_bus;       // cycles a write-through store keeps the bus busy
  uint32_t store;           // cycles every store costs the pipeline
  uint32_t store_buffer;    // cycles a store may wait for the bus without stalling the pipeline
  uint32_t io_access;       // uncached access to the CSR bus (UART, simctrl)
  uint32_t load_use;        // load result: stall of an adjacent consumer
  uint32_t mul_use;         // mul result
  uint32_t shift_use;       // shift result
  uint32_t csr;             // cycles every CSR instruction costs
  uint32_t branch_decode;   // redirect decided in decode (jal, backward taken)
  uint32_t branch_execute;  // redirect decided in execute (mispredict, jalr)
  uint32_t div;             // div/rem cycles
  uint32_t div_use;         // div/rem result: stall of an adjacent consumer
  uint32_t cfu_issue;       // cycles every CFU instruction costs
  uint32_t cfu_use;         // CFU result: stall of an adjacent consumer
  uint32_t cfu_overlap;     // response latency hidden by the pipeline
  uint32_t cfu_side_effect; // cycles after a branch, jump or CSR access enters execute before a CFU op can
  uint32_t fetch_ahead_decode;   // words fetched past a jump redirected in decode (they may miss)
  uint32_t fetch_ahead_execute;  // words fetched past a branch redirected in execute
  uint32_t fetch_ahead_start;    // cycles after the redirecting instruction issues that such a refill starts
  // Not fitted: the CFU's clock keeps running between CFU instructions; at most
  // this many of those idle cycles are replayed to the Verilated CFU.
  uint32_t cfu_idle_cycles;
};

static struct Timing timing = {
    .icache_miss = 12, .dcache_miss = 12, .store_bus = 3, .store = 0, .store_buffer = 0, .io_access = 6,
    .load_use = 2, .mul_use = 2, .shift_use = 1, .csr = 0, .branch_decode = 1,
    .branch_execute = 3, .div = 34, .div_use = 0, .cfu_issue = 0, .cfu_use = 1, .cfu_overlap = 1, .cfu_side_effect = 3,
    .fetch_ahead_decode = 0, .fetch_ahead_execute = 0, .fetch_ahead_start = 0,
    .cfu_idle_cycles = 64,
};

struct Param {
  const char* name;
  uint32_t* value;
};
static const struct Param kParams[] = {
    {"icache_miss", &timing.icache_miss},   {"dcache_miss", &timing.dcache_miss},
    {"store_bus", &timing.store_bus},       {"store", &timing.store},
    {"store_buffer", &timing.store_buffer}, {"div_use", &timing.div_use},
    {"io_access", &timing.io_access},       {"load_use", &timing.load_use},
    {"mul_use", &timing.mul_use},           {"shift_use", &timing.shift_use},
    {"csr", &timing.csr},                   {"branch_decode", &timing.branch_decode},
    {"branch_execute", &timing.branch_execute}, {"div", &timing.div},
    {"cfu_issue", &timing.cfu_issue},       {"cfu_use", &timing.cfu_use},
    {"cfu_overlap", &timing.cfu_overlap},   {"cfu_side_effect", &timing.cfu_side_effect},
    {"fetch_ahead_decode", &timing.fetch_ahead_decode}, {"fetch_ahead_execute", &timing.fetch_ahead_execute},
    {"fetch_ahead_start", &timing.fetch_ahead_start}, {"cfu_idle_cycles", &timing.cfu_idle_cycles},
};

// Peripheral registers on the CSR bus, given by the host from LiteX's csr.h.
struct Map {
  uint32_t uart_rxtx, uart_txfull, uart_rxempty, uart_txempty, simctrl_exit;
};
static struct Map map = {0xF0002000u, 0xF0002004u, 0xF0002008u, 0xF0002018u, 0xF0001000u};
struct MapEntry {
  const char* name;
  uint32_t* value;
};
static const struct MapEntry kMapEntries[] = {
    {"uart_rxtx", &map.uart_rxtx},         {"uart_txfull", &map.uart_txfull},
    {"uart_rxempty", &map.uart_rxempty},   {"uart_txempty", &map.uart_txempty},
    {"simctrl_exit", &map.simctrl_exit},
};

// Predecoded instruction. `op` 0 means "not decoded yet".
enum Op {
  OP_UNDECODED = 0,
  OP_LUI, OP_AUIPC, OP_JAL, OP_JALR,
  OP_BEQ, OP_BNE, OP_BLT, OP_BGE, OP_BLTU, OP_BGEU,
  OP_LB, OP_LH, OP_LW, OP_LBU, OP_LHU, OP_SB, OP_SH, OP_SW,
  OP_ADDI, OP_SLTI, OP_SLTIU, OP_XORI, OP_ORI, OP_ANDI, OP_SLLI, OP_SRLI, OP_SRAI,
  OP_ADD, OP_SUB, OP_SLL, OP_SLT, OP_SLTU, OP_XOR, OP_SRL, OP_SRA, OP_OR, OP_AND,
  OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU, OP_DIV, OP_DIVU, OP_REM, OP_REMU,
  OP_FENCE, OP_FENCE_I, OP_ECALL, OP_EBREAK, OP_MRET, OP_WFI,
  OP_CSRRW, OP_CSRRS, OP_CSRRC, OP_CSRRWI, OP_CSRRSI, OP_CSRRCI,
  OP_CUSTOM0, OP_ILLEGAL,
  OP_COUNT
};

struct Insn {
  uint8_t op;
  uint8_t rd;  // 32 when the instruction writes x0 (a sink register)
  uint8_t rs1;
  uint8_t rs2;
  int32_t imm;  // immediate, CSR number, or the raw word for OP_CUSTOM0/OP_ILLEGAL
};

// Machine state.
static uint32_t regs[33];
static uint8_t* ram;
static uint8_t rom[ROM_SIZE];
static uint8_t sram[SRAM_SIZE];
static struct Insn* decoded;
static uint32_t decoded_lo = RAM_SIZE, decoded_hi;  // offsets in main RAM holding decoded words

static uint32_t csr_mstatus, csr_mie, csr_mtvec, csr_mepc, csr_mcause, csr_mtval, csr_mscratch;
static uint32_t csr_irq_mask;  // 0xBC0: LiteX's IRQ mask; bit 31 enables the CFU

// Timing state.
static uint64_t cycle;      // issue cycle of the next instruction
static uint64_t ready[33];  // first cycle a register's value can be used without a stall
static uint64_t bus_free;   // first cycle the shared bus is idle
// The cycle the Verilated CFU's clock has reached: a command offered at cycle c
// that waits W cycles for cmd_ready and L for its response has clocked the CFU
// W + L + 1 times (the response is taken at an edge of its own), whatever part
// of that the pipeline hides. Idle cycles are replayed from here, so the CFU
// sees as many clock edges between two commands as the CPU's cycles between them.
static uint64_t cfu_clock;
// CfuPlugin holds a CFU command while an instruction with side effects (load,
// store, branch, jump, CSR access) is in the memory or writeback stage: when
// the last one left execute.
static uint64_t side_effect_cycle;
static uint32_t itag[CACHE_LINES], dtag[CACHE_LINES];  // line number + 1; 0: invalid

// Counters for the statistics file.
static uint64_t instret, icache_misses, dcache_misses, stores, cfu_ops;

static uint64_t budget = UINT64_MAX;
static uint32_t cfu_timeout;
static const char* stats_path;
static struct timespec started;

static void usage(const char* message) {
  fprintf(stderr, "fastsim: %s\n", message);
  exit(EXIT_USAGE);
}

static void write_stats(void) {
  if (!stats_path) return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double seconds = (double)(now.tv_sec - started.tv_sec) + 1e-9 * (double)(now.tv_nsec - started.tv_nsec);
  struct timespec cpu;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
  double cpu_seconds = (double)cpu.tv_sec + 1e-9 * (double)cpu.tv_nsec;
  FILE* out = fopen(stats_path, "w");
  if (!out) return;
  fprintf(out,
          "{\"instructions\": %" PRIu64 ", \"cycles\": %" PRIu64 ", \"host_seconds\": %.6f, "
          "\"cpu_seconds\": %.6f, "
          "\"icache_misses\": %" PRIu64 ", \"dcache_misses\": %" PRIu64 ", \"stores\": %" PRIu64
          ", \"cfu_instructions\": %" PRIu64 "}\n",
          instret, cycle, seconds, cpu_seconds, icache_misses, dcache_misses, stores, cfu_ops);
  fclose(out);
}

static void finish(int status) {
  fflush(stdout);
  write_stats();
  cfu_port_final();
  exit(status);
}

// ---------------------------------------------------------------- decoding

static int32_t imm_i(uint32_t w) { return (int32_t)w >> 20; }
static int32_t imm_s(uint32_t w) { return ((int32_t)w >> 25 << 5) | (int32_t)((w >> 7) & 0x1f); }
static int32_t imm_b(uint32_t w) {
  return ((int32_t)w >> 31 << 12) | (int32_t)(((w >> 7) & 1) << 11) | (int32_t)(((w >> 25) & 0x3f) << 5) |
         (int32_t)(((w >> 8) & 0xf) << 1);
}
static int32_t imm_j(uint32_t w) {
  return ((int32_t)w >> 31 << 20) | (int32_t)(w & 0xff000) | (int32_t)(((w >> 20) & 1) << 11) |
         (int32_t)(((w >> 21) & 0x3ff) << 1);
}

static struct Insn decode(uint32_t w) {
  struct Insn in = {OP_ILLEGAL, (uint8_t)((w >> 7) & 31), (uint8_t)((w >> 15) & 31), (uint8_t)((w >> 20) & 31),
                    (int32_t)w};
  uint32_t f3 = (w >> 12) & 7, f7 = w >> 25;
  switch (w & 0x7f) {
    case 0x37: in.op = OP_LUI; in.imm = (int32_t)(w & 0xfffff000u); break;
    case 0x17: in.op = OP_AUIPC; in.imm = (int32_t)(w & 0xfffff000u); break;
    case 0x6f: in.op = OP_JAL; in.imm = imm_j(w); break;
    case 0x67: if (f3 == 0) { in.op = OP_JALR; in.imm = imm_i(w); } break;
    case 0x63: {
      static const uint8_t ops[8] = {OP_BEQ, OP_BNE, OP_ILLEGAL, OP_ILLEGAL, OP_BLT, OP_BGE, OP_BLTU, OP_BGEU};
      in.op = ops[f3];
      if (in.op != OP_ILLEGAL) in.imm = imm_b(w);
      break;
    }
    case 0x03: {
      static const uint8_t ops[8] = {OP_LB, OP_LH, OP_LW, OP_ILLEGAL, OP_LBU, OP_LHU, OP_ILLEGAL, OP_ILLEGAL};
      in.op = ops[f3];
      if (in.op != OP_ILLEGAL) in.imm = imm_i(w);
      break;
    }
    case 0x23: {
      static const uint8_t ops[8] = {OP_SB, OP_SH, OP_SW, OP_ILLEGAL, OP_ILLEGAL, OP_ILLEGAL, OP_ILLEGAL, OP_ILLEGAL};
      in.op = ops[f3];
      if (in.op != OP_ILLEGAL) in.imm = imm_s(w);
      break;
    }
    case 0x13: {
      in.imm = imm_i(w);
      switch (f3) {
        case 0: in.op = OP_ADDI; break;
        case 2: in.op = OP_SLTI; break;
        case 3: in.op = OP_SLTIU; break;
        case 4: in.op = OP_XORI; break;
        case 6: in.op = OP_ORI; break;
        case 7: in.op = OP_ANDI; break;
        case 1: if (f7 == 0) { in.op = OP_SLLI; in.imm = in.rs2; } else in.imm = (int32_t)w; break;
        case 5:
          if (f7 == 0) { in.op = OP_SRLI; in.imm = in.rs2; }
          else if (f7 == 0x20) { in.op = OP_SRAI; in.imm = in.rs2; }
          else in.imm = (int32_t)w;
          break;
      }
      break;
    }
    case 0x33: {
      static const uint8_t base[8] = {OP_ADD, OP_SLL, OP_SLT, OP_SLTU, OP_XOR, OP_SRL, OP_OR, OP_AND};
      static const uint8_t muldiv[8] = {OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU, OP_DIV, OP_DIVU, OP_REM, OP_REMU};
      if (f7 == 0) in.op = base[f3];
      else if (f7 == 1) in.op = muldiv[f3];
      else if (f7 == 0x20 && f3 == 0) in.op = OP_SUB;
      else if (f7 == 0x20 && f3 == 5) in.op = OP_SRA;
      break;
    }
    case 0x0f: in.op = f3 == 1 ? OP_FENCE_I : OP_FENCE; break;
    case 0x73:
      if (f3 == 0) {
        if (w == 0x00000073u) in.op = OP_ECALL;
        else if (w == 0x00100073u) in.op = OP_EBREAK;
        else if (w == 0x30200073u) in.op = OP_MRET;
        else if (w == 0x10500073u) in.op = OP_WFI;
      } else if (f3 != 4) {
        static const uint8_t ops[8] = {OP_ILLEGAL, OP_CSRRW, OP_CSRRS, OP_CSRRC,
                                       OP_ILLEGAL, OP_CSRRWI, OP_CSRRSI, OP_CSRRCI};
        in.op = ops[f3];
        in.imm = (int32_t)(w >> 20);
      }
      break;
    case 0x0b: in.op = OP_CUSTOM0; break;
  }
  if (in.rd == 0) in.rd = 32;
  return in;
}

// ---------------------------------------------------------------- memory

enum { CAUSE_FETCH_MISALIGNED = 0, CAUSE_ILLEGAL = 2, CAUSE_BREAKPOINT = 3, CAUSE_LOAD_MISALIGNED = 4,
       CAUSE_STORE_MISALIGNED = 6, CAUSE_ECALL_M = 11 };

// Host pointer of a cached (non-IO) address, or NULL outside memory.
static uint8_t* memory_at(uint32_t addr, uint32_t size) {
  if (addr - RAM_BASE <= RAM_SIZE - size) return ram + (addr - RAM_BASE);
  if (addr - SRAM_BASE <= SRAM_SIZE - size) return sram + (addr - SRAM_BASE);
  if (addr - ROM_BASE <= ROM_SIZE - size) return rom + (addr - ROM_BASE);
  return NULL;
}

static uint32_t word_at(uint32_t pc) {
  uint32_t word;
  memcpy(&word, ram + (pc - RAM_BASE), 4);
  return word;
}

static int is_io(uint32_t addr) { return addr - CSR_BUS_BASE < CSR_BUS_SIZE; }

static uint32_t io_read(uint32_t addr) {
  if (addr == map.uart_txfull) return 0;
  if (addr == map.uart_rxempty) return 1;
  if (addr == map.uart_txempty) return 1;
  return 0;
}

static void io_write(uint32_t addr, uint32_t value) {
  if (addr == map.uart_rxtx) {
    putchar((int)(value & 0xff));
    if ((value & 0xff) == '\n') fflush(stdout);
  } else if (addr == map.simctrl_exit) {
    finish((int)(value & 0xff));
  }
}

// A cache access (timing only: the data always come from memory). A miss
// waits for the bus, then refills the line.
static inline void cache_access(uint32_t* tags, uint32_t addr, uint32_t refill, uint64_t* misses) {
  uint32_t line = addr >> LINE_SHIFT;
  uint32_t* tag = &tags[line & (CACHE_LINES - 1)];
  if (*tag != line + 1) {
    *tag = line + 1;
    ++*misses;
    if (bus_free > cycle) cycle = bus_free;
    cycle += refill;
    bus_free = cycle;
  }
}

static inline void dcache_load(uint32_t addr) { cache_access(dtag, addr, timing.dcache_miss, &dcache_misses); }

static inline void icache_fetch(uint32_t pc) { cache_access(itag, pc, timing.icache_miss, &icache_misses); }

// Write-through, no write-allocate: every store goes to the bus.
static inline void store_timing(void) {
  ++stores;
  uint64_t start = bus_free > cycle ? bus_free : cycle;
  if (start > cycle + timing.store_buffer) cycle = start - timing.store_buffer;
  cycle += timing.store;
  bus_free = start + timing.store_bus;
}

// Before a redirect takes effect the fetcher has already asked for the next
// `words` sequential words; one in a line not in the cache starts a refill
// when the redirecting instruction issues (`issue`), and the refetch at the
// target waits for it to end.
static inline void fetch_ahead(uint32_t pc, uint32_t words, uint64_t issue) {
  uint32_t last = pc + 4 * words;
  if ((last >> LINE_SHIFT) == (pc >> LINE_SHIFT) || last - RAM_BASE >= RAM_SIZE) return;
  uint32_t line = last >> LINE_SHIFT;
  uint32_t* tag = &itag[line & (CACHE_LINES - 1)];
  if (*tag == line + 1) return;
  *tag = line + 1;
  ++icache_misses;
  issue += timing.fetch_ahead_start;
  uint64_t start = bus_free > issue ? bus_free : issue;
  bus_free = start + timing.icache_miss;
  if (cycle < bus_free) cycle = bus_free;
}

// ---------------------------------------------------------------- CSRs

#define CSR_MSTATUS 0x300
#define CSR_MISA 0x301
#define CSR_MIE 0x304
#define CSR_MTVEC 0x305
#define CSR_MSCRATCH 0x340
#define CSR_MEPC 0x341
#define CSR_MCAUSE 0x342
#define CSR_MTVAL 0x343
#define CSR_MIP 0x344
#define CSR_MCYCLE 0xB00
#define CSR_MINSTRET 0xB02
#define CSR_MCYCLEH 0xB80
#define CSR_MINSTRETH 0xB82
#define CSR_CYCLE 0xC00
#define CSR_CYCLEH 0xC80
#define CSR_IRQ_MASK 0xBC0
#define CSR_IRQ_PENDING 0xFC0
#define CFU_ENABLE_BIT 0x80000000u

// Returns 0 for a CSR that does not exist (the instruction is then illegal).
static int csr_read(uint32_t csr, uint32_t* value) {
  switch (csr) {
    case CSR_MSTATUS: *value = csr_mstatus; return 1;
    case CSR_MISA: *value = 0x40001100u; return 1;  // rv32im
    case CSR_MIE: *value = csr_mie; return 1;
    case CSR_MTVEC: *value = csr_mtvec; return 1;
    case CSR_MSCRATCH: *value = csr_mscratch; return 1;
    case CSR_MEPC: *value = csr_mepc; return 1;
    case CSR_MCAUSE: *value = csr_mcause; return 1;
    case CSR_MTVAL: *value = csr_mtval; return 1;
    case CSR_MIP: *value = 0; return 1;
    case CSR_MCYCLE: case CSR_CYCLE: *value = (uint32_t)cycle; return 1;
    case CSR_MCYCLEH: case CSR_CYCLEH: *value = (uint32_t)(cycle >> 32); return 1;
    case CSR_MINSTRET: *value = (uint32_t)instret; return 1;
    case CSR_MINSTRETH: *value = (uint32_t)(instret >> 32); return 1;
    case CSR_IRQ_MASK: *value = csr_irq_mask; return 1;
    case CSR_IRQ_PENDING: *value = 0; return 1;
  }
  return 0;
}

static void csr_write(uint32_t csr, uint32_t value) {
  switch (csr) {
    case CSR_MSTATUS: csr_mstatus = value & 0x1888u; break;
    case CSR_MIE: csr_mie = value; break;
    case CSR_MTVEC: csr_mtvec = value & ~3u; break;
    case CSR_MSCRATCH: csr_mscratch = value; break;
    case CSR_MEPC: csr_mepc = value & ~3u; break;
    case CSR_MCAUSE: csr_mcause = value; break;
    case CSR_MTVAL: csr_mtval = value; break;
    case CSR_IRQ_MASK: csr_irq_mask = value; break;
  }
}

// ---------------------------------------------------------------- the interpreter

static uint32_t trap(uint32_t cause, uint32_t pc, uint32_t tval) {
  csr_mcause = cause;
  csr_mepc = pc;
  csr_mtval = tval;
  // mstatus: MPIE <- MIE, MIE <- 0, MPP <- M.
  csr_mstatus = (csr_mstatus & ~0x88u) | ((csr_mstatus & 0x8u) << 4) | 0x1800u;
  cycle += timing.branch_execute;
  return csr_mtvec;
}

static void on_budget_exceeded(void) {
  printf("\n[sim] cycle budget exceeded: %" PRIu64 " cycles simulated (set a larger budget with --max-cycles)\n",
         budget);
  finish(EXIT_BUDGET);
}

// A load where no memory answers: the SoC bus times out on each word of the
// line refill and returns all ones, which the data cache then holds.
static void unmapped_load(uint32_t addr) {
  uint32_t line = addr >> LINE_SHIFT;
  if (dtag[line & (CACHE_LINES - 1)] != line + 1) cycle += (uint64_t)BUS_TIMEOUT * WORDS_PER_LINE;
  dcache_load(addr);
}

// Instructions are fetched from main RAM only. Elsewhere the refill times out
// word by word (ROM and SRAM are not executed from by this toolkit's firmware:
// they are reported as unsupported), the fetched all-ones word is illegal.
static uint32_t fetch_outside_main_ram(uint32_t pc) {
  if (memory_at(pc, 4) != NULL) {
    printf("\n[sim] the fast simulator executes from main RAM only; pc=0x%08x is in ROM or SRAM\n", pc);
    finish(1);
  }
  cycle += (uint64_t)BUS_TIMEOUT * WORDS_PER_LINE;
  if (cycle >= budget) on_budget_exceeded();
  uint32_t vector = trap(CAUSE_ILLEGAL, pc, 0xffffffffu);
  if (vector - RAM_BASE >= RAM_SIZE) {
    printf("\n[sim] instruction fetch outside memory at pc=0x%08x, and the trap vector is outside too\n", pc);
    finish(1);
  }
  return vector;
}

static void on_cfu_timeout(uint32_t pc, uint32_t function_id) {
  printf("\n[sim] CFU watchdog: no response within %u cycles to the CFU instruction at pc=0x%08x "
         "(funct3=%u funct7=%u, function_id=%u)\n",
         cfu_timeout, pc, function_id & 7u, function_id >> 3, function_id);
  finish(EXIT_CFU_TIMEOUT);
}

static inline void use(uint32_t r) {
  if (ready[r] > cycle) cycle = ready[r];
}

static void run(uint32_t pc) {
  static const void* const handlers[OP_COUNT] = {
      [OP_UNDECODED] = &&op_undecoded, [OP_LUI] = &&op_lui, [OP_AUIPC] = &&op_auipc, [OP_JAL] = &&op_jal,
      [OP_JALR] = &&op_jalr, [OP_BEQ] = &&op_beq, [OP_BNE] = &&op_bne, [OP_BLT] = &&op_blt,
      [OP_BGE] = &&op_bge, [OP_BLTU] = &&op_bltu, [OP_BGEU] = &&op_bgeu, [OP_LB] = &&op_lb,
      [OP_LH] = &&op_lh, [OP_LW] = &&op_lw, [OP_LBU] = &&op_lbu, [OP_LHU] = &&op_lhu, [OP_SB] = &&op_sb,
      [OP_SH] = &&op_sh, [OP_SW] = &&op_sw, [OP_ADDI] = &&op_addi, [OP_SLTI] = &&op_slti,
      [OP_SLTIU] = &&op_sltiu, [OP_XORI] = &&op_xori, [OP_ORI] = &&op_ori, [OP_ANDI] = &&op_andi,
      [OP_SLLI] = &&op_slli, [OP_SRLI] = &&op_srli, [OP_SRAI] = &&op_srai, [OP_ADD] = &&op_add,
      [OP_SUB] = &&op_sub, [OP_SLL] = &&op_sll, [OP_SLT] = &&op_slt, [OP_SLTU] = &&op_sltu,
      [OP_XOR] = &&op_xor, [OP_SRL] = &&op_srl, [OP_SRA] = &&op_sra, [OP_OR] = &&op_or, [OP_AND] = &&op_and,
      [OP_MUL] = &&op_mul, [OP_MULH] = &&op_mulh, [OP_MULHSU] = &&op_mulhsu, [OP_MULHU] = &&op_mulhu,
      [OP_DIV] = &&op_div, [OP_DIVU] = &&op_divu, [OP_REM] = &&op_rem, [OP_REMU] = &&op_remu,
      [OP_FENCE] = &&op_fence, [OP_FENCE_I] = &&op_fence_i, [OP_ECALL] = &&op_ecall,
      [OP_EBREAK] = &&op_ebreak, [OP_MRET] = &&op_mret, [OP_WFI] = &&op_fence, [OP_CSRRW] = &&op_csr,
      [OP_CSRRS] = &&op_csr, [OP_CSRRC] = &&op_csr, [OP_CSRRWI] = &&op_csr, [OP_CSRRSI] = &&op_csr,
      [OP_CSRRCI] = &&op_csr, [OP_CUSTOM0] = &&op_custom0, [OP_ILLEGAL] = &&op_illegal,
  };
  uint32_t fetch_line = 0xffffffffu;
  struct Insn* in;
  uint32_t next;
  uint32_t a, b, addr;
  uint8_t* host;

#define RS1 regs[in->rs1]
#define RS2 regs[in->rs2]
#define RD regs[in->rd]
// An instruction takes one cycle unless it stalls; the next one starts at pc + 4.
#define NEXT                                   \
  do {                                         \
    ++cycle;                                   \
    pc += 4;                                   \
    goto dispatch;                             \
  } while (0)
#define USE1 use(in->rs1)
#define USE2 do { use(in->rs1); use(in->rs2); } while (0)
#define RAISE(cause, tval)                     \
  do {                                         \
    pc = trap((cause), pc, (tval));            \
    goto dispatch;                             \
  } while (0)
// A taken redirect: `penalty` cycles of refetch.
#define JUMP(target, penalty, ahead)                                   \
  do {                                                                 \
    next = (target);                                                   \
    if (next & 3u) RAISE(CAUSE_FETCH_MISALIGNED, next);                \
    side_effect_cycle = cycle;                                         \
    cycle += 1 + (penalty);                                            \
    if (ahead) fetch_ahead(pc, (ahead), side_effect_cycle);            \
    pc = next;                                                         \
    goto dispatch;                                                     \
  } while (0)
// Static prediction (VexRiscv STATIC): backward branches are predicted taken
// in decode, forward ones not taken; the branch itself resolves in execute.
#define BRANCH(cond)                                                                 \
  do {                                                                               \
    USE2;                                                                            \
    if (cond) {                                                                      \
      if (in->imm < 0) JUMP(pc + (uint32_t)in->imm, timing.branch_decode, timing.fetch_ahead_decode); \
      JUMP(pc + (uint32_t)in->imm, timing.branch_execute, timing.fetch_ahead_execute); \
    }                                                                                \
    side_effect_cycle = cycle;                                                       \
    if (in->imm < 0) cycle += timing.branch_execute;                                 \
    NEXT;                                                                            \
  } while (0)
#define LOAD(size, type)                                                             \
  do {                                                                               \
    USE1;                                                                            \
    addr = RS1 + (uint32_t)in->imm;                                                  \
    if (addr & ((size) - 1)) RAISE(CAUSE_LOAD_MISALIGNED, addr);                     \
    if ((host = memory_at(addr, (size))) != NULL) {                                  \
      type value_;                                                                   \
      memcpy(&value_, host, (size));                                                 \
      dcache_load(addr);                                                             \
      RD = (uint32_t)(int32_t)value_;                                                \
    } else if (is_io(addr)) {                                                        \
      cycle += timing.io_access;                                                     \
      RD = io_read(addr & ~3u) >> (8 * (addr & 3u));                                 \
      if ((size) < 4) RD = (uint32_t)(type)RD;                                       \
    } else {                                                                         \
      unmapped_load(addr);                                                           \
      RD = (uint32_t)(type)0xffffffffu;                                              \
    }                                                                                \
    side_effect_cycle = cycle;                                                       \
    ready[in->rd] = cycle + 1 + timing.load_use;                                     \
    NEXT;                                                                            \
  } while (0)
#define STORE(size, type)                                                            \
  do {                                                                               \
    USE2;                                                                            \
    addr = RS1 + (uint32_t)in->imm;                                                  \
    if (addr & ((size) - 1)) RAISE(CAUSE_STORE_MISALIGNED, addr);                    \
    if ((host = memory_at(addr, (size))) != NULL) {                                  \
      type value_ = (type)RS2;                                                       \
      memcpy(host, &value_, (size));                                                 \
      store_timing();                                                                \
      uint32_t offset_ = addr - RAM_BASE;                                            \
      if (offset_ >= decoded_lo && offset_ < decoded_hi) decoded[offset_ >> 2].op = 0; \
    } else if (is_io(addr)) {                                                        \
      cycle += timing.io_access;                                                     \
      io_write(addr, RS2);                                                           \
    } else {                                                                         \
      cycle += BUS_TIMEOUT;                                                          \
    }                                                                                \
    side_effect_cycle = cycle;                                                       \
    NEXT;                                                                            \
  } while (0)
#define ALU(expr) do { USE2; a = RS1; b = RS2; RD = (expr); NEXT; } while (0)
#define ALUI(expr) do { USE1; a = RS1; b = (uint32_t)in->imm; RD = (expr); NEXT; } while (0)
#define SHIFT(expr) do { ALU_SHIFT_BODY(expr); } while (0)
#define ALU_SHIFT_BODY(expr) USE2; a = RS1; b = RS2 & 31; RD = (expr); ready[in->rd] = cycle + 1 + timing.shift_use; NEXT
#define SHIFTI(expr) do { USE1; a = RS1; b = (uint32_t)in->imm; RD = (expr); ready[in->rd] = cycle + 1 + timing.shift_use; NEXT; } while (0)
#define MUL(expr) do { USE2; a = RS1; b = RS2; RD = (expr); ready[in->rd] = cycle + 1 + timing.mul_use; NEXT; } while (0)
#define DIV(expr) do { USE2; a = RS1; b = RS2; RD = (expr); cycle += timing.div; ready[in->rd] = cycle + 1 + timing.div_use; NEXT; } while (0)

dispatch:
  if ((pc >> LINE_SHIFT) != fetch_line) {
    if (pc - RAM_BASE >= RAM_SIZE) pc = fetch_outside_main_ram(pc);
    fetch_line = pc >> LINE_SHIFT;
    icache_fetch(pc);
  }
  if (cycle >= budget) on_budget_exceeded();
  in = &decoded[(pc - RAM_BASE) >> 2];
  ++instret;
  goto* handlers[in->op];

op_undecoded : {
  uint32_t offset = pc - RAM_BASE;
  *in = decode(word_at(pc));
  if (offset < decoded_lo) decoded_lo = offset;
  if (offset + 4 > decoded_hi) decoded_hi = offset + 4;
  --instret;
  goto* handlers[in->op];
}
op_lui: RD = (uint32_t)in->imm; NEXT;
op_auipc: RD = pc + (uint32_t)in->imm; NEXT;
op_jal: RD = pc + 4; JUMP(pc + (uint32_t)in->imm, timing.branch_decode, timing.fetch_ahead_decode);
op_jalr: USE1; next = (RS1 + (uint32_t)in->imm) & ~1u; RD = pc + 4; JUMP(next, timing.branch_execute, timing.fetch_ahead_execute);
op_beq: BRANCH(RS1 == RS2);
op_bne: BRANCH(RS1 != RS2);
op_blt: BRANCH((int32_t)RS1 < (int32_t)RS2);
op_bge: BRANCH((int32_t)RS1 >= (int32_t)RS2);
op_bltu: BRANCH(RS1 < RS2);
op_bgeu: BRANCH(RS1 >= RS2);
op_lb: LOAD(1, int8_t);
op_lh: LOAD(2, int16_t);
op_lw: LOAD(4, int32_t);
op_lbu: LOAD(1, uint8_t);
op_lhu: LOAD(2, uint16_t);
op_sb: STORE(1, uint8_t);
op_sh: STORE(2, uint16_t);
op_sw: STORE(4, uint32_t);
op_addi: ALUI(a + b);
op_slti: ALUI((int32_t)a < (int32_t)b);
op_sltiu: ALUI(a < b);
op_xori: ALUI(a ^ b);
op_ori: ALUI(a | b);
op_andi: ALUI(a & b);
op_slli: SHIFTI(a << b);
op_srli: SHIFTI(a >> b);
op_srai: SHIFTI((uint32_t)((int32_t)a >> b));
op_add: ALU(a + b);
op_sub: ALU(a - b);
op_sll: SHIFT(a << b);
op_slt: ALU((int32_t)a < (int32_t)b);
op_sltu: ALU(a < b);
op_xor: ALU(a ^ b);
op_srl: SHIFT(a >> b);
op_sra: SHIFT((uint32_t)((int32_t)a >> b));
op_or: ALU(a | b);
op_and: ALU(a & b);
op_mul: MUL(a * b);
op_mulh: MUL((uint32_t)(((int64_t)(int32_t)a * (int64_t)(int32_t)b) >> 32));
op_mulhsu: MUL((uint32_t)(((int64_t)(int32_t)a * (int64_t)(uint64_t)b) >> 32));
op_mulhu: MUL((uint32_t)(((uint64_t)a * (uint64_t)b) >> 32));
op_div: DIV(b == 0 ? 0xffffffffu
                   : (a == 0x80000000u && b == 0xffffffffu) ? a : (uint32_t)((int32_t)a / (int32_t)b));
op_divu: DIV(b == 0 ? 0xffffffffu : a / b);
op_rem: DIV(b == 0 ? a : (a == 0x80000000u && b == 0xffffffffu) ? 0 : (uint32_t)((int32_t)a % (int32_t)b));
op_remu: DIV(b == 0 ? a : a % b);
op_fence: NEXT;
op_fence_i:
  memset(itag, 0, sizeof itag);
  fetch_line = 0xffffffffu;
  cycle += timing.branch_execute;
  NEXT;
op_ecall: RAISE(CAUSE_ECALL_M, 0);
op_ebreak: RAISE(CAUSE_BREAKPOINT, pc);
op_mret:
  csr_mstatus = (csr_mstatus & ~0x8u) | ((csr_mstatus >> 4) & 0x8u) | 0x80u;
  JUMP(csr_mepc, timing.branch_execute, 0);
op_csr : {
  uint32_t csr = (uint32_t)in->imm & 0xfff, old;
  if (!csr_read(csr, &old)) RAISE(CAUSE_ILLEGAL, word_at(pc));
  int immediate = in->op >= OP_CSRRWI;
  if (!immediate) USE1;
  uint32_t operand = immediate ? in->rs1 : RS1;
  cycle += timing.csr;
  side_effect_cycle = cycle;
  // Read before the write so that mcycle reads see the cycle of this instruction.
  if (csr == CSR_MCYCLE || csr == CSR_CYCLE) old = (uint32_t)cycle;
  if (csr == CSR_MCYCLEH || csr == CSR_CYCLEH) old = (uint32_t)(cycle >> 32);
  switch (in->op) {
    case OP_CSRRW: case OP_CSRRWI: csr_write(csr, operand); break;
    case OP_CSRRS: case OP_CSRRSI: if (in->rs1) csr_write(csr, old | operand); break;
    default: if (in->rs1) csr_write(csr, old & ~operand); break;
  }
  RD = old;
  NEXT;
}
op_custom0 : {
  uint32_t word = (uint32_t)in->imm;
  if (!(csr_irq_mask & CFU_ENABLE_BIT)) RAISE(CAUSE_ILLEGAL, word);
  USE2;
  if (cycle < side_effect_cycle + timing.cfu_side_effect) cycle = side_effect_cycle + timing.cfu_side_effect;
  uint32_t function_id = (((word >> 25) & 0x7f) << 3) | ((word >> 12) & 7);
  uint64_t offer = cycle;
  uint64_t idle = cycle > cfu_clock ? cycle - cfu_clock : 0;
  struct CfuOutcome out = cfu_port_exec(function_id, RS1, RS2, idle > timing.cfu_idle_cycles ? timing.cfu_idle_cycles : (uint32_t)idle,
                                        cfu_timeout);
  if (out.timed_out) on_cfu_timeout(pc, function_id);
  ++cfu_ops;
  cycle += timing.cfu_issue + out.cmd_wait;
  if (out.latency > timing.cfu_overlap) cycle += out.latency - timing.cfu_overlap;
  cfu_clock = offer + out.cmd_wait + out.latency + 1;
  RD = out.result;
  ready[in->rd] = cycle + 1 + timing.cfu_use;
  NEXT;
}
op_illegal: RAISE(CAUSE_ILLEGAL, (uint32_t)in->imm);
}

// ---------------------------------------------------------------- start-up

static uint64_t parse_number(const char* text, const char* what) {
  char* end;
  unsigned long long value = strtoull(text, &end, 0);
  if (*text == '\0' || *end != '\0') {
    fprintf(stderr, "fastsim: %s: not a number: %s\n", what, text);
    exit(EXIT_USAGE);
  }
  return value;
}

static void set_named(const char* assignment, const char* kind) {
  const char* eq = strchr(assignment, '=');
  if (!eq) usage("expected name=value");
  size_t length = (size_t)(eq - assignment);
  if (kind[0] == 'p') {
    for (size_t i = 0; i < sizeof kParams / sizeof kParams[0]; ++i) {
      if (strlen(kParams[i].name) == length && strncmp(kParams[i].name, assignment, length) == 0) {
        *kParams[i].value = (uint32_t)parse_number(eq + 1, kParams[i].name);
        return;
      }
    }
  } else {
    for (size_t i = 0; i < sizeof kMapEntries / sizeof kMapEntries[0]; ++i) {
      if (strlen(kMapEntries[i].name) == length && strncmp(kMapEntries[i].name, assignment, length) == 0) {
        *kMapEntries[i].value = (uint32_t)parse_number(eq + 1, kMapEntries[i].name);
        return;
      }
    }
  }
  fprintf(stderr, "fastsim: unknown %s: %.*s\n", kind, (int)length, assignment);
  exit(EXIT_USAGE);
}

int main(int argc, char** argv) {
  const char* image = NULL;
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(arg, "--budget") == 0 && value) { uint64_t n = parse_number(value, arg); budget = n ? n : UINT64_MAX; ++i; }
    else if (strcmp(arg, "--cfu-timeout") == 0 && value) { cfu_timeout = (uint32_t)parse_number(value, arg); ++i; }
    else if (strcmp(arg, "--param") == 0 && value) { set_named(value, "parameter"); ++i; }
    else if (strcmp(arg, "--map") == 0 && value) { set_named(value, "map entry"); ++i; }
    else if (strcmp(arg, "--stats") == 0 && value) { stats_path = value; ++i; }
    else if (arg[0] != '-' && !image) image = arg;
    else { fprintf(stderr, "fastsim: bad argument: %s\n", arg); return EXIT_USAGE; }
  }
  if (!image) usage("usage: fastsim IMAGE [--budget N] [--cfu-timeout N] [--param k=v] [--map k=v] [--stats F]");
  ram = calloc(RAM_SIZE, 1);
  decoded = calloc(RAM_SIZE / 4, sizeof(struct Insn));
  if (!ram || !decoded) usage("out of host memory");
  FILE* in = fopen(image, "rb");
  if (!in) usage("cannot open the firmware image");
  size_t size = fread(ram, 1, RAM_SIZE, in);
  int more = fgetc(in) != EOF;
  fclose(in);
  if (more) usage("the firmware image is larger than main RAM");
  (void)size;
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  clock_gettime(CLOCK_MONOTONIC, &started);
  cfu_port_init();
  run(RAM_BASE);
  return 0;
}
