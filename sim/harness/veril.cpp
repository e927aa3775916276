// Glue between LiteX's simulation core (sim.c, modules) and the Verilated SoC.
// It takes the place of LiteX's veril.cpp so that tracing is compiled in only when asked for,
// and so that the process exit status is the one sim_monitor.v reports. A build with toggle coverage
// (sim/activity.py) writes its counts to +coverage_file=<path> when the run ends.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "Vsim.h"
#include "Vsim__Dpi.h"
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
