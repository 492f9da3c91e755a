"""Everything that writes a file: atomically, and never over one of the command's own inputs."""

from rubricdsl.outputs.atomic import OutputError, atomic_output, refuse_inputs, write_text_atomically

__all__ = ["OutputError", "atomic_output", "refuse_inputs", "write_text_atomically"]
