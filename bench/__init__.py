"""Benchmarks run by `make bench`; results are written up in docs/benchmarks.md."""
