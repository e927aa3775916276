// CFU instructions from C.
//
// A CFU instruction is an R-type instruction on the custom-0 opcode (0x0B):
// funct3 selects the instruction, funct7 a variant of it, rs1 and rs2 carry
// the operands and rd receives the result. funct3 and funct7 are encoded in
// the instruction word, so they must be compile-time constants.
//
//   uint32_t sum = cfu_op0(0, a, b);          // funct3 0, funct7 0
//   uint32_t r = cfu_op(2, 1, a, b);          // funct3 2, funct7 1
//
// With SW_ONLY defined, every intrinsic calls the project's C emulation,
// software_cfu(), instead: the same firmware then runs on a CPU without the
// CFU, and the emulation is checked against the reference models on the host.
#ifndef FIRMWARE_INCLUDE_CFU_H_
#define FIRMWARE_INCLUDE_CFU_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// The project's C emulation of its CFU (proj/<name>/src/software_cfu.c).
// A stateful instruction keeps its state file-static in that file.
uint32_t software_cfu(int funct3, int funct7, uint32_t a, uint32_t b);

#ifdef __cplusplus
}
#endif

// The hardware instruction, whatever SW_ONLY says. "volatile" because a CFU
// instruction may change CFU state: the compiler must neither drop, merge nor
// reorder it with other CFU instructions. The "i" constraints make a
// non-constant funct3/funct7 a compile error instead of a wrong encoding.
#define cfu_op_hw(funct3, funct7, a, b)                                   \
  ({                                                                      \
    uint32_t cfu_result_;                                                 \
    __asm__ volatile(".insn r 0x0B, %3, %4, %0, %1, %2"                   \
                     : "=r"(cfu_result_)                                  \
                     : "r"((uint32_t)(a)), "r"((uint32_t)(b)),            \
                       "i"(funct3), "i"(funct7));                         \
    cfu_result_;                                                          \
  })

#define cfu_op_sw(funct3, funct7, a, b) \
  software_cfu((funct3), (funct7), (uint32_t)(a), (uint32_t)(b))

#ifdef SW_ONLY
#define cfu_op(funct3, funct7, a, b) cfu_op_sw(funct3, funct7, a, b)
#else
#define cfu_op(funct3, funct7, a, b) cfu_op_hw(funct3, funct7, a, b)
#endif

#define cfu_op0(funct7, a, b) cfu_op(0, funct7, a, b)
#define cfu_op1(funct7, a, b) cfu_op(1, funct7, a, b)
#define cfu_op2(funct7, a, b) cfu_op(2, funct7, a, b)
#define cfu_op3(funct7, a, b) cfu_op(3, funct7, a, b)
#define cfu_op4(funct7, a, b) cfu_op(4, funct7, a, b)
#define cfu_op5(funct7, a, b) cfu_op(5, funct7, a, b)
#define cfu_op6(funct7, a, b) cfu_op(6, funct7, a, b)
#define cfu_op7(funct7, a, b) cfu_op(7, funct7, a, b)

#endif  // FIRMWARE_INCLUDE_CFU_H_
