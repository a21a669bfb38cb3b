"""Synthetic data: the demo data set and large data sets for benchmarks."""
