"""CFU toolkit: co-design of Custom Function Units and TinyML firmware for a RISC-V soft CPU."""
