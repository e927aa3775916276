/* The toolkit's own test firmware: one scenario per build, chosen with -DSCENARIO_<NAME>. */
#include <stdint.h>
#include <generated/csr.h>

void fw_exit(int code);

static void put_char(char c) {
    while (uart_txfull_read()) {}
    uart_rxtx_write((uint8_t)c);
}

static void put_str(const char *s) {
    while (*s) put_char(*s++);
}

static void put_dec(uint64_t v) {
    char buf[24];
    int n = 0;
    do { buf[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) put_char(buf[--n]);
}

static inline void put_hex(uint32_t v) {
    put_str("0x");
    for (int i = 28; i >= 0; i -= 4) put_char("0123456789abcdef"[(v >> i) & 0xf]);
}

static inline uint64_t read_mcycle(void) {
    uint32_t hi, lo, hi2;
    do {
        __asm__ volatile("csrr %0, mcycleh" : "=r"(hi));
        __asm__ volatile("csrr %0, mcycle" : "=r"(lo));
        __asm__ volatile("csrr %0, mcycleh" : "=r"(hi2));
    } while (hi != hi2);
    return ((uint64_t)hi << 32) | lo;
}

void fw_exit(int code) {
    put_str("~~exit ");
    put_dec((uint32_t)code);
    put_str("~~\n");
    while (!uart_txempty_read()) {}
#ifdef CSR_SIMCTRL_BASE
    simctrl_exit_write((uint32_t)code);
#endif
    for (;;) {}
}

void on_trap(uint32_t cause, uint32_t pc) {
    put_str("TRAP mcause=");
    put_hex(cause);
    put_str(" mepc=");
    put_hex(pc);
    put_str("\n");
    fw_exit(100 + (int)(cause & 0xff));
}

int main(void) {
    put_str("hello from the test firmware\n");
#if defined(SCENARIO_EXIT)
    return EXIT_CODE;
#elif defined(SCENARIO_HANG)
    for (;;) {}
#elif defined(SCENARIO_CFU)
    uint32_t r;
    __asm__ volatile(".insn r 0x0B, 0, 5, %0, %1, %2" : "=r"(r) : "r"(40), "r"(2));
    put_str("cfu(40, 2) = ");
    put_dec(r);
    put_str("\n");
    return r == 42 ? 0 : 1;
#elif defined(SCENARIO_CFU_CLOCK)
    /* tests/verilog/cfu_clock.v: the CFU's clock edges between commands, with the CPU's cycles between them. */
    uint32_t a, b, c;
    __asm__ volatile(".insn r 0x0B, 0, 0, %0, zero, zero\n"
                     ".insn r 0x0B, 1, 0, %1, zero, zero\n"
                     "addi t0, zero, 1\n"
                     "addi t0, t0, 1\n"
                     ".insn r 0x0B, 0, 0, %2, zero, zero\n"
                     : "=&r"(a), "=&r"(b), "=&r"(c) : : "t0");
    put_str("cfu clock: ");
    put_dec(c - a);
    put_str(" edges (b at +");
    put_dec(b - a);
    put_str(")\n");
    return 0;
#elif defined(SCENARIO_SILENT_CFU)
    uint32_t r;
    __asm__ volatile(".insn r 0x0B, 6, 3, %0, %1, %2" : "=r"(r) : "r"(1), "r"(2));
    return (int)r;
#elif defined(SCENARIO_MCYCLE)
    uint64_t start = read_mcycle();
    volatile uint32_t acc = 0;
    for (uint32_t i = 0; i < 1000; i++) acc += i * i;
    put_str("mcycle ");
    put_dec(read_mcycle() - start);
    put_str(" acc ");
    put_dec(acc);
    put_str("\n");
    return 0;
#elif defined(SCENARIO_BENCH)
    /* Endless int8 dot products over 32 KiB (beyond the data cache), with CFU ops and multiplies. */
    static int8_t a[16384], b[16384];
    for (int i = 0; i < 16384; i++) { a[i] = (int8_t)(i * 7); b[i] = (int8_t)(i * 13); }
    volatile uint32_t acc = 0;
    for (;;) {
        for (int i = 0; i < 16384; i += 4) {
            uint32_t x = *(uint32_t *)&a[i], y = *(uint32_t *)&b[i], r;
            __asm__ volatile(".insn r 0x0B, 1, 0, %0, %1, %2" : "=r"(r) : "r"(x), "r"(y));
            acc += r + a[i] * b[i] + a[i + 1] * b[i + 1];
        }
    }
#elif defined(SCENARIO_BUSY_CFU)
    /* Commands with gaps of a few to a hundred cycles to a CFU that works between them
       (tests/verilog/cfu_busy.v): every answer depends on how many cycles the CFU ran. */
    uint32_t r;
    for (uint32_t i = 0; i < 48; i++) {
        __asm__ volatile(".insn r 0x0B, 0, 0, %0, %1, %2" : "=r"(r) : "r"(i * 7 % 61), "r"(0));
        put_hex(r);
        for (volatile uint32_t d = 0; d < i % 13; d++) {}
        if (i % 4 == 1) {
            uint32_t word = 300 + i * 37 % 200;
            __asm__ volatile(".insn r 0x0B, 1, 0, %0, %1, %2" : "=r"(r) : "r"(word), "r"(0));
            for (volatile uint32_t d = 0; d < i % 5; d++) {}
            __asm__ volatile(".insn r 0x0B, 2, 0, %0, %1, %2" : "=r"(r) : "r"(word), "r"(i % 7));
            put_char(' ');
            put_hex(r);
        }
        if (i % 3 == 2) {
            __asm__ volatile(".insn r 0x0B, 3, 0, %0, %1, %2" : "=r"(r) : "r"(0), "r"(0));
            put_char(' ');
            put_hex(r);
        }
        put_char('\n');
    }
    return 0;
#elif defined(SCENARIO_TRAP)
    __asm__ volatile(".word 0x00000000");
    return 0;
#else
#error "choose a scenario with -DSCENARIO_<NAME>"
#endif
}
