"""Simulators: the Verilated simulator of the whole SoC (the cycle-accurate truth) and its runner."""
