// Microbenchmarks that calibrate the fast simulator's timing model against the
// Verilator SoC (`cfu calibrate`, docs/fast.md). Each one isolates a part of
// VexRiscv full+cfu's timing (hazards, multiplier, divider, branches, caches,
// stores, CSRs, CFU handshake) or mixes them like a kernel does, and prints
//   ~~bench <name> <cycles>~~
// with cycles read from mcycle around it. Built into the firmware of the
// calibration project (proj_template's CFU: funct3 0 combinational, 1 a
// 1..33-cycle multiplier, 2 a stateful MAC) with FW_HAVE_MICROBENCH.
#ifdef FW_HAVE_MICROBENCH

#include <stdint.h>
#include <stdio.h>

#include "cfu.h"
#include "menu.h"
#include "perf.h"

#define REPEAT 200

// Large enough to miss in the 4 KiB data cache.
static volatile int32_t big[8192];
static int8_t bytes_a[4096];
static int8_t bytes_b[4096];

#define R4(x) x x x x
#define R16(x) R4(R4(x))
#define R64(x) R4(R16(x))

typedef uint32_t (*Bench)(uint32_t seed);

static uint32_t alu_chain(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i) __asm__ volatile(R16("add %0, %0, %0\n xor %0, %0, %1\n") : "+r"(x) : "r"(i));
  return x;
}

static uint32_t load_use(uint32_t x) {
  volatile int32_t* p = big;
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("lw t0, 0(%1)\n add %0, %0, t0\n") : "+r"(x) : "r"(p) : "t0");
  return x;
}

static uint32_t load_use_gap(uint32_t x) {
  volatile int32_t* p = big;
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("lw t0, 0(%1)\n addi t1, t1, 1\n add %0, %0, t0\n") : "+r"(x) : "r"(p) : "t0", "t1");
  return x;
}

static uint32_t load_independent(uint32_t x) {
  volatile int32_t* p = big;
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("lw t0, 0(%1)\n lw t1, 4(%1)\n add %0, %0, %1\n") : "+r"(x) : "r"(p) : "t0", "t1");
  return x;
}

static uint32_t load_miss(uint32_t x) {
  for (int r = 0; r < 4; ++r)
    for (int i = 0; i < 8192; i += 8) x += (uint32_t)big[i];
  return x;
}

static uint32_t load_stream(uint32_t x) {
  for (int i = 0; i < 8192; ++i) x += (uint32_t)big[i];
  return x;
}

static uint32_t store_burst(uint32_t x) {
  volatile int32_t* p = big;
  for (int i = 0; i < REPEAT; ++i) __asm__ volatile(R16("sw %0, 0(%1)\n") : : "r"(x), "r"(p) : "memory");
  return x;
}

static uint32_t store_spaced(uint32_t x) {
  volatile int32_t* p = big;
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("sw %0, 0(%1)\n addi t0, t0, 1\n addi t1, t1, 1\n addi t2, t2, 1\n")
                     : : "r"(x), "r"(p) : "memory", "t0", "t1", "t2");
  return x;
}

static uint32_t store_then_load(uint32_t x) {
  volatile int32_t* p = big;
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("sw %0, 0(%1)\n lw t0, 64(%1)\n") : : "r"(x), "r"(p) : "memory", "t0");
  return x;
}

static uint32_t mul_use(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i) __asm__ volatile(R16("mul %0, %0, %0\n addi %0, %0, 1\n") : "+r"(x));
  return x;
}

static uint32_t mul_independent(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("mul t0, %0, %0\n mul t1, %0, %0\n addi %0, %0, 1\n") : "+r"(x) : : "t0", "t1");
  return x;
}

static uint32_t shift_use(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i) __asm__ volatile(R16("slli %0, %0, 1\n addi %0, %0, 1\n") : "+r"(x));
  return x;
}

static uint32_t divide(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i) __asm__ volatile(R4("divu t0, %0, %1\n add %0, %0, t0\n") : "+r"(x) : "r"(i + 3) : "t0");
  return x;
}

// The divider's own cycles, its result used only three instructions later: with
// `divide` this separates the divider's occupancy from the stall of its user.
static uint32_t divide_independent(uint32_t x) {
  uint32_t sum = 0;
  for (int i = 0; i < REPEAT; ++i) {
    __asm__ volatile(R4("divu t0, %0, %2\n addi %0, %0, 1\n addi %0, %0, 3\n add %1, %1, t0\n")
                     : "+r"(x), "+r"(sum) : "r"(i + 3) : "t0");
  }
  return x + sum;
}

// Signed division of a negative dividend, the quotient compared three instructions
// later (the rounding division of the pooling and mean kernels).
static uint32_t divide_signed(uint32_t x) {
  volatile int32_t* p = big;
  int32_t n = -(int32_t)(x & 0xffff) - 1000;
  for (int i = 0; i < REPEAT; ++i) {
    __asm__ volatile(R4("div t0, %0, %1\n lw t1, 0(%2)\n lw t2, 4(%2)\n blt t0, t1, 1f\n addi %0, %0, -1\n1:\n")
                     : "+r"(n) : "r"(i + 3), "r"(p) : "t0", "t1", "t2");
  }
  return x + (uint32_t)n;
}

// The divider right behind a store, and dividing a value just loaded.
static uint32_t divide_after_store(uint32_t x) {
  volatile int32_t* p = big;
  uint32_t sum = 0;
  for (int i = 0; i < REPEAT; ++i) {
    __asm__ volatile(R4("sw %0, 0(%3)\n divu t0, %0, %2\n addi %0, %0, 1\n addi %0, %0, 3\n add %1, %1, t0\n")
                     : "+r"(x), "+r"(sum) : "r"(i + 3), "r"(p) : "t0", "memory");
  }
  return x + sum;
}

static uint32_t divide_loaded(uint32_t x) {
  volatile int32_t* p = big;
  uint32_t sum = 0;
  for (int i = 0; i < REPEAT; ++i) {
    __asm__ volatile(R4("lw t1, 64(%3)\n divu t0, t1, %2\n addi %0, %0, 1\n addi %0, %0, 3\n add %1, %1, t0\n")
                     : "+r"(x), "+r"(sum) : "r"(i + 3), "r"(p) : "t0", "t1");
  }
  return x + sum;
}

// A load right behind the divider, which holds the memory stage.
static uint32_t divide_then_load(uint32_t x) {
  volatile int32_t* p = big;
  uint32_t sum = 0;
  for (int i = 0; i < REPEAT; ++i) {
    __asm__ volatile(R4("divu t0, %0, %2\n lw t1, 0(%3)\n addi %0, %0, 1\n add %1, %1, t0\n")
                     : "+r"(x), "+r"(sum) : "r"(i + 3), "r"(p) : "t0", "t1");
  }
  return x + sum;
}

static uint32_t branch_forward_taken(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i) __asm__ volatile(R16("beq zero, zero, 1f\n addi %0, %0, 1\n1:\n") : "+r"(x));
  return x;
}

static uint32_t branch_forward_not_taken(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i) __asm__ volatile(R16("bne zero, zero, 1f\n addi %0, %0, 1\n1:\n") : "+r"(x));
  return x;
}

static uint32_t branch_backward_loop(uint32_t x) {
  for (int i = 0; i < REPEAT * 16; ++i) __asm__ volatile("" : "+r"(x));
  return x;
}

static uint32_t branch_backward_not_taken(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("j 2f\n1: addi %0, %0, 1\n2: bne zero, zero, 1b\n") : "+r"(x));
  return x;
}

static uint32_t branch_pattern(uint32_t x) {
  for (int i = 0; i < REPEAT * 16; ++i) {
    if ((x ^ (uint32_t)i) & 4) x += 3;
    x = x * 5u + 1u;
  }
  return x;
}

static uint32_t __attribute__((noinline)) leaf(uint32_t x) { return x + 1; }

static uint32_t call_return(uint32_t x) {
  uint32_t (*volatile f)(uint32_t) = leaf;
  for (int i = 0; i < REPEAT * 4; ++i) x = f(x);
  return x;
}

static uint32_t __attribute__((noinline, aligned(32))) icache_body(uint32_t x) {
  // 64 * 16 * 4 instructions * 4 bytes = 16 KiB of straight-line code: every line misses.
  __asm__ volatile(R64(R16("addi %0, %0, 1\n")) R64(R16("addi %0, %0, 2\n")) R64(R16("addi %0, %0, 3\n"))
                   R64(R16("addi %0, %0, 4\n")) : "+r"(x));
  return x;
}

static uint32_t icache_miss(uint32_t x) {
  for (int i = 0; i < 3; ++i) x = icache_body(x);
  return x;
}

// 128 blocks of one cache line that jump over the next line (8 KiB: cold on every pass). The fetcher has
// already asked for the skipped line when the jump takes effect: a refill the RTL cannot cancel.
#define SKIP_LINES(jump)                                                                         \
  __asm__ volatile(".balign 32\n .rept 128\n" R4("addi %0, %0, 1\n") "addi %0, %0, 1\n addi %0, %0, 1\n" \
                   "addi %0, %0, 1\n" jump " 1f\n .rept 8\n nop\n .endr\n1:\n .endr\n"                \
                   : "+r"(x))

static uint32_t __attribute__((noinline)) wrong_path_jump(uint32_t x) {
  for (int i = 0; i < 2; ++i) SKIP_LINES("j");
  return x;
}

static uint32_t __attribute__((noinline)) wrong_path_branch(uint32_t x) {
  for (int i = 0; i < 2; ++i) SKIP_LINES("beq zero, zero,");
  return x;
}

static uint32_t csr_read(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i) x += perf_get_mcycle();
  return x;
}

static uint32_t cfu_combinational(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i) __asm__ volatile(R16(".insn r 0x0B, 0, 0, %0, %0, %1\n") : "+r"(x) : "r"(i));
  return x;
}

static uint32_t cfu_combinational_spaced(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16(".insn r 0x0B, 0, 0, t0, %0, %1\n addi %0, %0, 1\n add %0, %0, t0\n")
                     : "+r"(x) : "r"(i) : "t0");
  return x;
}

static uint32_t cfu_multicycle(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i) {
    uint32_t y = (uint32_t)i * 2654435761u >> (i & 31);
    x += cfu_op1(0, x, y);
  }
  return x;
}

// CFU commands right behind a load, a store and a not-taken branch: CfuPlugin
// holds a command while an instruction with side effects is ahead of it.
static uint32_t cfu_after_load(uint32_t x) {
  volatile int32_t* p = big;
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("lw t0, 0(%1)\n .insn r 0x0B, 0, 0, %0, %0, %2\n") : "+r"(x) : "r"(p), "r"(i) : "t0");
  return x;
}

static uint32_t cfu_after_store(uint32_t x) {
  volatile int32_t* p = big;
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("sw %0, 0(%1)\n .insn r 0x0B, 0, 0, %0, %0, %2\n") : "+r"(x) : "r"(p), "r"(i) : "memory");
  return x;
}

static uint32_t cfu_after_branch(uint32_t x) {
  for (int i = 0; i < REPEAT; ++i)
    __asm__ volatile(R16("bne zero, zero, 1f\n .insn r 0x0B, 0, 0, %0, %0, %1\n1:\n") : "+r"(x) : "r"(i));
  return x;
}

// A load right behind a CFU instruction that waits for its response.
static uint32_t cfu_multicycle_then_load(uint32_t x) {
  volatile int32_t* p = big;
  uint32_t sum = 0;
  for (int i = 0; i < REPEAT; ++i) {
    __asm__ volatile(R4(".insn r 0x0B, 1, 0, t0, %0, %2\n lw t1, 0(%3)\n addi %0, %0, 1\n add %1, %1, t0\n")
                     : "+r"(x), "+r"(sum) : "r"(i & 7), "r"(p) : "t0", "t1");
  }
  return x + sum;
}

static uint32_t cfu_stateful(uint32_t x) {
  cfu_op2(0, 128, 0);
  for (int i = 0; i < REPEAT; ++i) __asm__ volatile(R16(".insn r 0x0B, 2, 1, %0, %0, %1\n") : "+r"(x) : "r"(i));
  return x + cfu_op2(2, 0, 0);
}

static uint32_t mac_loop(uint32_t x) {
  int32_t acc = (int32_t)x;
  for (int r = 0; r < 4; ++r)
    for (int i = 0; i < 4096; ++i) acc += (bytes_a[i] + 128) * bytes_b[(i * 7) & 4095];
  return (uint32_t)acc;
}

static uint32_t copy_loop(uint32_t x) {
  for (int i = 0; i < 4096; ++i) bytes_a[i] = (int8_t)(bytes_b[i] + (int8_t)x);
  return x + (uint32_t)bytes_a[17];
}

static uint32_t requantize_loop(uint32_t x) {
  for (int i = 0; i < REPEAT * 4; ++i) {
    int64_t product = (int64_t)(int32_t)(x + (uint32_t)i) * 1518500250;
    int32_t high = (int32_t)((product + (1ll << 30)) >> 31);
    x += (uint32_t)(high >> 7) + (uint32_t)((uint32_t)i % 7u);
  }
  return x;
}

struct Microbench {
  const char* name;
  Bench run;
};

static const struct Microbench kBenches[] = {
    {"alu_chain", alu_chain},
    {"load_use", load_use},
    {"load_use_gap", load_use_gap},
    {"load_independent", load_independent},
    {"load_miss", load_miss},
    {"load_stream", load_stream},
    {"store_burst", store_burst},
    {"store_spaced", store_spaced},
    {"store_then_load", store_then_load},
    {"mul_use", mul_use},
    {"mul_independent", mul_independent},
    {"shift_use", shift_use},
    {"divide", divide},
    {"divide_independent", divide_independent},
    {"divide_then_load", divide_then_load},
    {"divide_after_store", divide_after_store},
    {"divide_loaded", divide_loaded},
    {"divide_signed", divide_signed},
    {"branch_forward_taken", branch_forward_taken},
    {"branch_forward_not_taken", branch_forward_not_taken},
    {"branch_backward_loop", branch_backward_loop},
    {"branch_backward_not_taken", branch_backward_not_taken},
    {"branch_pattern", branch_pattern},
    {"call_return", call_return},
    {"icache_miss", icache_miss},
    {"wrong_path_jump", wrong_path_jump},
    {"wrong_path_branch", wrong_path_branch},
    {"csr_read", csr_read},
    {"cfu_combinational", cfu_combinational},
    {"cfu_combinational_spaced", cfu_combinational_spaced},
    {"cfu_multicycle", cfu_multicycle},
    {"cfu_multicycle_then_load", cfu_multicycle_then_load},
    {"cfu_after_load", cfu_after_load},
    {"cfu_after_store", cfu_after_store},
    {"cfu_after_branch", cfu_after_branch},
    {"cfu_stateful", cfu_stateful},
    {"mac_loop", mac_loop},
    {"copy_loop", copy_loop},
    {"requantize_loop", requantize_loop},
};

static void fill_inputs(void) {
  uint32_t state = 12345u;
  for (int i = 0; i < 4096; ++i) {
    state = state * 1664525u + 1013904223u;
    bytes_a[i] = (int8_t)(state >> 24);
    bytes_b[i] = (int8_t)(state >> 16);
  }
  for (int i = 0; i < 8192; ++i) big[i] = i;
}

static int run_microbenchmarks(void) {
  uint32_t sink = 0;
  fill_inputs();
  for (unsigned i = 0; i < sizeof kBenches / sizeof kBenches[0]; ++i) {
    uint64_t start = perf_get_mcycle64();
    sink += kBenches[i].run(sink + i);
    uint64_t cycles = perf_get_mcycle64() - start;
    printf("~~bench %s %llu~~\n", kBenches[i].name, (unsigned long long)cycles);
  }
  printf("~~bench_done %lu~~\n", (unsigned long)sink);
  return 0;
}

MENU_ITEM(microbench, 'b', "run the timing microbenchmarks", MENU_AUTO, run_microbenchmarks);

#endif  // FW_HAVE_MICROBENCH
