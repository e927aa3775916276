"""The fast simulator: the same firmware image as the Verilator SoC, on an rv32im interpreter with a calibrated
timing model of VexRiscv ``full+cfu`` and the project's CFU co-simulated through Verilator (docs/fast.md)."""
