// Runs the project's model on its fixed input (MODEL_REPEATS times, default once) and prints the cycles of every
// layer of every inference. Each inference starts from the model's reset state (SVDF/LSTM state), so each one
// gives TFLite Micro's output of a first invocation.
//
// Compiled only into images that carry a model (FW_HAVE_MODEL, set by `cfu sim` and `cfu mlperf`), together with the
// generated model_data.c and model_input.c. Cycles are model_clock() (mcycle/mcycleh, 64-bit) read right before and
// right after each kernel: printing happens outside the measured window.
//
// Output (parsed by cfu/profile/parse.py), once per inference:
//   ~~model <name> <layers>~~
//   ~~layer <index> <op> <cycles> <macs>~~      one per layer, as it completes
//   ~~output <index> <hex bytes>~~              each output tensor
//   ~~model_done <total cycles>~~
#ifdef FW_HAVE_MODEL

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "menu.h"
#include "model_data.h"
#include "model_input.h"

#ifndef MODEL_REPEATS
#define MODEL_REPEATS 1
#endif

static void print_tensor_hex(const struct Model* model, int output_index) {
  const struct ModelTensor* tensor = &model->tensors[model->outputs[output_index]];
  const uint8_t* data = (const uint8_t*)model_output(model, output_index);
  printf("~~output %d ", output_index);
  for (uint32_t i = 0; i < tensor->bytes; ++i) printf("%02x", data[i]);
  printf("~~\n");
}

static void run_inference(const struct Model* model) {
  model_reset(model);
  for (int i = 0; i < MODEL_INPUT_COUNT; ++i) memcpy(model_input(model, i), model_inputs[i], model_input_bytes[i]);
  printf("~~model %s %d~~\n", model->name, model->num_layers);
  uint64_t total = 0;
  for (int i = 0; i < model->num_layers; ++i) {
    uint64_t start = model_clock();
    model_invoke_layer(model, i);
    uint64_t cycles = model_clock() - start;
    total += cycles;
    printf("~~layer %d %s %llu %lu~~\n", i, model->layers[i].op, (unsigned long long)cycles,
           (unsigned long)model->layers[i].macs);
  }
  for (int i = 0; i < model->num_outputs; ++i) print_tensor_hex(model, i);
  printf("~~model_done %llu~~\n", (unsigned long long)total);
}

static int run_model_profile(void) {
  for (int run = 0; run < MODEL_REPEATS; ++run) run_inference(&cfu_model);
  return 0;
}

MENU_ITEM(model_profile, 'm', "run the model and print cycles per layer", MENU_AUTO, run_model_profile);

#endif  // FW_HAVE_MODEL
