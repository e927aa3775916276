"""LiteX SoC around VexRiscv ``full+cfu``: the common SoC, its targets and header generation."""
