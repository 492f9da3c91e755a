"""Everything that writes a file: atomically, and never over one of the command's own inputs (``atomic``); and
the documents a policy writer publishes — the official tables (评价指标表, 指标完成情况表), the facts template and
the report as xlsx, docx, html and markdown (:mod:`rubricdsl.outputs.tables` is the one model every format draws)."""

from rubricdsl.outputs.atomic import OutputError, atomic_output, refuse_inputs, write_text_atomically

__all__ = ["OutputError", "atomic_output", "refuse_inputs", "write_text_atomically"]
