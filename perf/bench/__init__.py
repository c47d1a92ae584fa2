"""Benchmarks at national scale: ``make bench`` (see docs/performance.md)."""
