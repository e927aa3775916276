/* Reference ARG_MAX and ARG_MIN: one loop, the comparison inlined. */
#include "kernels/arg_min_max.h"

typedef int (*Compare)(int8_t candidate, int8_t best);

static int Greater(int8_t candidate, int8_t best) { return candidate > best; }
static int Less(int8_t candidate, int8_t best) { return candidate < best; }

static inline __attribute__((always_inline)) void ArgMinMax(const struct ArgMinMaxParams* p,
                                                            const int8_t* input_data,
                                                            int32_t* output_data, Compare better) {
  for (int32_t outer = 0; outer < p->outer_size; ++outer) {
    const int8_t* row = input_data + outer * p->axis_size * p->inner_size;
    for (int32_t inner = 0; inner < p->inner_size; ++inner) {
      int8_t best = row[inner];
      int32_t best_index = 0;
      for (int32_t i = 1; i < p->axis_size; ++i) {
        const int8_t value = row[i * p->inner_size + inner];
        if (better(value, best)) {
          best = value;
          best_index = i;
        }
      }
      output_data[outer * p->inner_size + inner] = best_index;
    }
  }
}

void ArgMax(const struct ArgMinMaxParams* params, const int8_t* input_data, int32_t* output_data) {
  ArgMinMax(params, input_data, output_data, Greater);
}

void ArgMin(const struct ArgMinMaxParams* params, const int8_t* input_data, int32_t* output_data) {
  ArgMinMax(params, input_data, output_data, Less);
}
