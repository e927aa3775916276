"""MLPerf Tiny the benchmark's way: the four reference models, several inferences each, median latency."""
