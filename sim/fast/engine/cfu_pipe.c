// The CFU as the project's Python reference models (`cfu fast --cfu reference`):
// each CFU instruction is sent to the host process, which answers with the
// models' result (sim/fast/reference_cfu.py). The models have no timing: every
// instruction is answered in its issue cycle, like a combinational CFU.
//
// Protocol, little-endian 32-bit words over two pipes whose file descriptors
// the host names in FASTSIM_CFU_FDS ("request,answer"): a request is
// {function_id, in0, in1}, its answer {result}.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cfu_port.h"

static int request_fd = -1, answer_fd = -1;
// A host that stops answering (its model failed): the engine stops with this
// status; the host reports what went wrong.
#define EXIT_HOST_GONE 1

static void transfer(int fd, void* data, size_t size, int writing) {
  char* bytes = data;
  while (size) {
    ssize_t done = writing ? write(fd, bytes, size) : read(fd, bytes, size);
    if (done <= 0) {
      fflush(stdout);
      fprintf(stderr, "\n[sim] the CFU reference models stopped answering\n");
      exit(EXIT_HOST_GONE);
    }
    bytes += done;
    size -= (size_t)done;
  }
}

void cfu_port_init(void) {
  const char* fds = getenv("FASTSIM_CFU_FDS");
  if (!fds || sscanf(fds, "%d,%d", &request_fd, &answer_fd) != 2) {
    fprintf(stderr, "fastsim: FASTSIM_CFU_FDS must name the request and answer pipes of the reference models\n");
    exit(2);
  }
}

struct CfuOutcome cfu_port_exec(uint32_t function_id, uint32_t in0, uint32_t in1, uint32_t idle_cycles,
                                uint32_t timeout) {
  (void)idle_cycles;
  (void)timeout;
  uint32_t request[3] = {function_id, in0, in1};
  struct CfuOutcome out = {0, 0, 0, 0};
  transfer(request_fd, request, sizeof request, 1);
  transfer(answer_fd, &out.result, sizeof out.result, 0);
  return out;
}

void cfu_port_final(void) {}
