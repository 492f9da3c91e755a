"""Helpers for tests and benchmarks: synthetic rubrics of any size (:mod:`rubricdsl.testing.synth`)."""
