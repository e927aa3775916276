"""FPGA builds: SoC gateware through Yosys/nextpnr (or Vivado), resource and Fmax reports, programming.

``cfu bitstream`` (:mod:`cfu.commands.bitstream`) drives :func:`cfu.fpga.flow.build`; docs/fpga.md explains
the targets, the report and the Fomu's PicoRV32 configuration.
"""
