"""Stage 3: evaluation.  A checked rubric is compiled once into Python closures (no ``eval``, no generated
source) and run many times over converted facts; explanations are built later, only when asked for."""
