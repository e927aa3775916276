"""Simulators: the Verilator model of the whole SoC (the cycle-accurate truth) and its runner."""
