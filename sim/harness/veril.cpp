// The driver of the Verilated SoC, and its glue to LiteX's simulation core.
//
// A run with the UART on the console (every run but the TCP one) goes through the lean loop of main(): it toggles
// sys_clk, evaluates the model and serves the UART pads itself, with what LiteX's clocker and serial2console
// modules do each edge (so cycles, output and exit status are the same), without LiteX's event loop.
// +litex_event_loop hands the run to LiteX's sim.c instead (its main, renamed litex_sim_main by sim/core.py), with
// the modules of sim_config.js: the TCP UART (serial2tcp) of sim/tcp.py.
//
// This file also takes the place of LiteX's veril.cpp so that tracing is compiled in only when asked for, and so
// that the process exit status is the one sim_monitor.v reports. A build with toggle coverage (sim/activity.py)
// writes its counts to +coverage_file=<path> when the run ends.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "Vsim.h"
#include "Vsim__Dpi.h"
#include "Vsim___024root.h"
#include "verilated.h"
#if VM_COVERAGE
#include "verilated_cov.h"
#endif
#if VM_TRACE_FST
#include "verilated_fst_c.h"
typedef VerilatedFstC Tracer;
#elif VM_TRACE
#include "verilated_vcd_c.h"
typedef VerilatedVcdC Tracer;
#endif

// LiteX's simulation time step is half a clock period: one edge (sim_config.js: a 1 MHz sys_clk).
static const uint64_t kHalfPeriodPs = 500000;

static uint64_t main_time = 0;
static int exit_status = 0;
#if VM_TRACE
static Tracer *tracer = nullptr;
#endif

void sim_monitor_exit(int code) { exit_status = code; }

extern "C" void litex_sim_init_cmdargs(int argc, char *argv[]) { Verilated::commandArgs(argc, argv); }

extern "C" void litex_sim_eval(void *vsim, uint64_t time_ps) {
  static_cast<Vsim *>(vsim)->eval();
  main_time = time_ps;
}

// Called by the generated sim_init.cpp; the trace file comes from +trace_file=<path>.
extern "C" void litex_sim_init_tracer(void *vsim, long start, long end) {
#if VM_TRACE
  const char *arg = Verilated::commandArgsPlusMatch("trace_file=");
  const char *path = (arg && *arg) ? arg + strlen("+trace_file=") : "sim.trace";
  Verilated::traceEverOn(true);
  tracer = new Tracer;
  static_cast<Vsim *>(vsim)->trace(tracer, 99);
  tracer->open(path);
#else
  (void)vsim;
#endif
  (void)start;
  (void)end;
}

extern "C" void litex_sim_tracer_dump() {
#if VM_TRACE
  tracer->dump(main_time);
#endif
}

extern "C" int litex_sim_got_finish() {
  if (!Verilated::gotFinish()) return 0;
#if VM_TRACE
  tracer->close();
#endif
#if VM_COVERAGE
  const char *coverage = Verilated::commandArgsPlusMatch("coverage_file=");
  if (coverage && *coverage) VerilatedCov::write(coverage + strlen("+coverage_file="));
#endif
  fflush(stdout);
  std::exit(exit_status);
}

double sc_time_stamp() { return (double)main_time; }

// From the generated sim_init.cpp: creates the model (and its tracer) and registers its pads.
extern "C" void litex_sim_init(void **out);
extern "C" void litex_sim_dump();
// LiteX's sim.c main (sim/core.py compiles it under this name).
extern "C" int litex_sim_main(int argc, char *argv[]);

// One evaluation at time_ps, as LiteX's loop does it (the time is set after the evaluation, then the trace dumped).
static void evaluate(Vsim *top, uint64_t time_ps) {
  litex_sim_eval(top, time_ps);
#if VM_TRACE
  litex_sim_dump();
#endif
}

// The falling edge. The SoC's only clocked logic is on the rising edge of sys_clk, and its input-dependent logic
// runs again at the start of every evaluation, so the evaluation after sys_clk falls changes nothing that the next
// rising edge reads except Verilator's memory of the clock's last value: clearing that memory is the whole edge.
// Verilator 5.006 names it __Vtrigrprev__TOP__sys_clk, and a design whose only trigger is that edge has a
// one-entry trigger vector; any other design or Verilator version (and a traced or toggle-coverage build, which
// record the falling edge) gets the full evaluation.
static void fall_evaluated(Vsim *top, uint64_t time_ps) {
  top->sys_clk = 0;
  evaluate(top, time_ps);
  litex_sim_got_finish();
}
template <typename Root>
static auto fall(Vsim *top, Root *root, uint64_t time_ps, int)
    -> decltype(root->__Vtrigrprev__TOP__sys_clk = 0, void()) {
  using Triggers = std::remove_reference_t<decltype(root->__VactTriggered)>;
  if (std::is_same<Triggers, VlTriggerVec<1>>::value && !VM_TRACE && !VM_COVERAGE) {
    top->sys_clk = 0;
    root->__Vtrigrprev__TOP__sys_clk = 0;
    main_time = time_ps;
  } else {
    fall_evaluated(top, time_ps);
  }
}
template <typename Root>
static void fall(Vsim *top, Root *, uint64_t time_ps, long) {
  fall_evaluated(top, time_ps);
}

// The UART pads after a rising edge, as serial2console serves them: the SoC's transmitter is always drained (its
// byte goes to stdout, flushed at each line end) and nothing is received (console runs have no input).
static void serve_uart(Vsim *top) {
  top->serial_source_ready = 1;
  if (top->serial_source_valid) {
    putchar(top->serial_source_data);
    if (top->serial_source_data == '\n') fflush(stdout);
  }
  top->serial_sink_valid = 0;
}

// LiteX's loop, one edge per step of kHalfPeriodPs from time 0 (a rising edge): the clocker sets sys_clk, the
// model is evaluated, serial2console serves the UART at a rising edge, and $finish ends the run.
static void run(Vsim *top) {
  for (uint64_t time_ps = 0;; time_ps += 2 * kHalfPeriodPs) {
    top->sys_clk = 1;
    evaluate(top, time_ps);
    serve_uart(top);
    litex_sim_got_finish();
    fall(top, top->rootp, time_ps + kHalfPeriodPs, 0);
  }
}

int main(int argc, char *argv[]) {
  Verilated::commandArgs(argc, argv);
  if (*Verilated::commandArgsPlusMatch("litex_event_loop")) return litex_sim_main(argc, argv);
  void *vsim = nullptr;
  litex_sim_init(&vsim);
  run(static_cast<Vsim *>(vsim));
}
