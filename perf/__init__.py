"""Performance harness: the synthetic national-scale data, the benchmarks and the load test."""
