"""Stage 4: rendering.  Diagnostics, results as text tables and as JSON; nothing here computes a score."""
