"""Energy per inference, estimated: published FPGA power figures, the design's resources, its simulated activity."""
