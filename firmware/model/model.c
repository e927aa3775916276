/* The model runtime: the layer walk and its timing. */
#include "model/model.h"

#if defined(__riscv) && __riscv_xlen == 32
#include "include/perf.h"
#endif

__attribute__((weak)) uint64_t model_clock(void) {
#if defined(__riscv) && __riscv_xlen == 32
  return perf_get_mcycle64();
#else
  static uint64_t ticks;
  return ++ticks;
#endif
}

int8_t* model_input(const struct Model* model, int index) {
  return (int8_t*)(model->arena + model->tensors[model->inputs[index]].offset);
}

int8_t* model_output(const struct Model* model, int index) {
  return (int8_t*)(model->arena + model->tensors[model->outputs[index]].offset);
}

void model_reset(const struct Model* model) {
  for (int v = 0; v < model->num_variables; ++v) {
    const struct ModelVariable* variable = &model->variables[v];
    uint8_t* data = model->arena + variable->offset;
    for (uint32_t i = 0; i < variable->bytes; ++i) data[i] = variable->fill;
  }
}

int model_invoke_layer(const struct Model* model, int index) {
  if (index < 0 || index >= model->num_layers) return -1;
  model->layers[index].eval(model->arena);
  return 0;
}

int model_invoke(const struct Model* model, struct LayerTiming* timings) {
  for (int i = 0; i < model->num_layers; ++i) {
    const uint64_t start = model_clock();
    model->layers[i].eval(model->arena);
    const uint64_t end = model_clock();
    if (timings) timings[i].cycles = end - start;
  }
  return 0;
}
