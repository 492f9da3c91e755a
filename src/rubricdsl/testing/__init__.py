"""Testing rubrics: the engine of ``rubric test`` (``$expect`` checks, discovery, coverage, suggestions, JUnit)
and synthetic rubrics of any size for benchmarks and property tests (:mod:`rubricdsl.testing.synth`)."""
