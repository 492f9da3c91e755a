"""Stage 0: bytes → text.  A rubric file becomes a :class:`~rubricdsl.reading.source.SourceFile` (encoding,
size and binary checks); spans and positions into that text are defined here for every later stage."""
