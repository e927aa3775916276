/* ELU, int8 (TFLite Micro's table path): each of the 256 input values maps to
 * an output value through a table the importer computes in float32, as
 * TFLite Micro's Prepare does. */
#ifndef KERNELS_ELU_H
#define KERNELS_ELU_H

#include <stdint.h>

/* table[(uint8_t)x] is the output of input x. */
void Elu(const int8_t* table, int32_t size, const int8_t* input_data, int8_t* output_data);

#endif /* KERNELS_ELU_H */
