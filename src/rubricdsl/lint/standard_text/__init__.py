"""The 评价标准 text of an indicator, read into claims and compared with its rule (lint rule L501)."""

from rubricdsl.lint.standard_text.agreement import Disagreement, disagreements
from rubricdsl.lint.standard_text.reader import read_standard

__all__ = ["Disagreement", "disagreements", "read_standard"]
