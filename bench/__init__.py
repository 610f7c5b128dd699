"""Benchmarks: our pipeline against the libraries called directly, on the same input in the
same run (results: docs/benchmarks.md)."""
