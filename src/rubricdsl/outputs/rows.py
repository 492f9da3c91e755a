"""Result rows of a many-project run, as CSV or JSON Lines: one row per input record, always.

Columns: ``id``, ``complete``, ``total``, ``grade``, ``note``, ``problems``, then one per indicator in rubric order.
``complete`` stands next to the id and ``note`` next to the total, so a total that is not a final score cannot be
read as one: the note says ``不完整：2 项未评分`` (or that the record could not be read and nothing was scored).

Numbers are exact (the Decimal's own digits).  JSONL is exact text too: a string holding a lone surrogate is
written as its JSON escape.  CSV is opened in Excel and WPS, which run a cell that starts with ``=``, ``+``, ``-``,
``@``, tab or CR as a formula (CSV injection), so every text cell copied from the data (the id, a grade) that
starts with one is prefixed with a single quote, as OWASP recommends; numbers written by us are left alone.

``problems`` lists codes; an assertion's problem (F462–F464) also names the assertion, ``F462:assert#2``, as
the SQL back end's ``problems`` does, since a row can hold several assertions' and the code alone would not say
which failed.

A penalty's column in CSV holds what it does to the total: a penalty of 2 is ``-2`` (the result's ``scores()``,
and JSON Lines, keep the penalty's own value, 2, as the API documents it).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import IO, TYPE_CHECKING

from rubricdsl.diagnostics import Diagnostic
from rubricdsl.results.model import EvaluationResult
from rubricdsl.syntax.nodes import IndicatorKind

if TYPE_CHECKING:
    from rubricdsl.compiled import CompiledRubric

HEADER = ("id", "complete", "total", "grade", "note", "problems")
# --excel: the same columns under the names a policy writer reads, then each indicator's label
EXCEL_HEADER = ("项目", "评分完成", "合计", "等级", "说明", "问题代码")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NAMED_CODES = frozenset({"F462", "F463", "F464"})  # an assertion's: listed with the assertion (assert#N)


def listed_code(problem: Diagnostic) -> str:
    """The problem as a row's ``problems`` lists it: its code, and for an assertion's the assertion it names."""
    if problem.code in _NAMED_CODES and problem.subject:
        return f"{problem.code}:{problem.subject}"
    return problem.code


def neutralise_formula(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula, made inert (OWASP: prefix a single quote)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_text(text: str) -> str:
    """Text for a CSV cell: inert, and a lone surrogate (no character at all) as its ``\\ud800`` escape."""
    if not text.isascii():  # an ASCII text holds no surrogate (isascii reads a flag: no scan)
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


_NEEDS_QUOTES = re.compile('[,"\r\n]').search
# An ASCII text that csv_cell(_csv_text(...)) leaves as it is: no formula start, nothing to quote.
_PLAIN_ID = re.compile('[^=+\\-@\t\r\n,"][^,"\r\n]*').fullmatch


def csv_cell(text: str) -> str:
    """``text`` as csv.writer writes a cell of a row of several (the excel dialect, minimal quoting): quoted
    when it holds a comma, a quote or a line break, its quotes doubled."""
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES(text) else text


def penalty_ids(compiled: CompiledRubric) -> frozenset[str]:
    """The rubric's penalties (减分项): their columns show the points taken off, negative."""
    return frozenset(info.node.id for info in compiled.checked.indicators if info.node.kind is IndicatorKind.PENALTY)


def writer_for(
    compiled: CompiledRubric, out: IO[str], kind: str, lang: str, *, excel: bool = False, header: bool = True
) -> RowWriter:
    """The rows of ``compiled``'s results: its indicators' ids (and labels, for ``excel``) and penalties."""
    indicators = compiled.checked.indicators
    labels = tuple(info.node.label or info.node.id for info in indicators)
    ids = tuple(info.node.id for info in indicators)
    return RowWriter(out, kind, ids, lang, excel=excel, labels=labels, header=header, penalties=penalty_ids(compiled))


def number_text(value: Decimal | None) -> str:
    """Every digit, no exponent, no trailing zeros (``normalize`` would round to the context's 28 digits)."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class _NumberTexts(dict[Decimal | None, str]):
    """``number_text`` of each value met, remembered: a column holds few distinct scores, and a look-up costs a
    tenth of formatting.  Keyed by value, as the text is (1.0 and 1 are both "1"); at most ``_CACHED`` kept."""

    def __missing__(self, value: Decimal | None) -> str:
        text = number_text(value)
        if len(self) < _CACHED:
            self[value] = text
        return text


_CACHED = 4096


def _json_number(value: Decimal | None) -> str:
    return "null" if value is None else number_text(value)


def _json_text(text: str | None) -> str:
    dumped = json.dumps(text, ensure_ascii=False)
    # ensure_ascii=False leaves a lone surrogate as itself, which no encoder writes; its escape is exact JSON.
    return dumped.encode("utf-8", "backslashreplace").decode("utf-8")


def note(result: EvaluationResult | None, lang: str) -> str:
    """Empty for a final score; else why the total is not one."""
    zh = lang == "zh"
    if result is None:
        return "未评分：记录无法读取" if zh else "not scored: the record could not be read"
    if result.complete:
        return ""
    failed = sum(1 for item in result.indicators if item.status == "error")
    if failed:
        return (
            f"不完整：{failed} 项未评分，合计不是最终得分"
            if zh
            else f"incomplete: {failed} not scored; total not final"
        )
    return "不完整：合计不是最终得分" if zh else "incomplete: total not final"


class RowWriter:
    """``excel``: a UTF-8 byte-order mark first (Excel and WPS then read the file as UTF-8, not the locale's
    code page) and Chinese headers (``labels``: one per indicator id, in order).  ``header=False`` writes rows
    only (a ``--jobs`` worker's share of a file whose header the parent writes).  ``penalties``: the ids whose
    CSV cells are negated (a penalty takes its points off)."""

    def __init__(
        self,
        out: IO[str],
        kind: str,
        ids: tuple[str, ...],
        lang: str,
        *,
        excel: bool = False,
        labels: tuple[str, ...] | None = None,
        header: bool = True,
        penalties: Collection[str] = (),
    ) -> None:
        self.out = out
        self.ids = ids
        self.lang = lang
        self.excel = excel and kind == "csv"
        self.labels = labels if labels is not None else ids
        # CRLF, as RFC 4180 says: with "\n" the csv module would not quote a cell holding a bare CR.
        self.csv = csv.writer(out, lineterminator="\r\n") if kind == "csv" else None
        self._numbers = _NumberTexts()
        self._negated = tuple(index for index, ident in enumerate(ids) if ident in penalties)
        self._grades: dict[str, str] = {}  # a grade's cell text: a rubric has a few grades
        self._header_due = header and self.csv is not None  # header=False: rows to be joined after another's
        self._ordered: bool | None = None  # whether a clean result's scores come in ``ids`` order (clean_row)

    def _header(self) -> None:
        """Written with the first row (or by :meth:`finish`), so a file refused as a whole gets no half table."""
        if self._header_due and self.csv is not None:
            if self.excel:
                self.out.write("\ufeff")
                self.csv.writerow([*EXCEL_HEADER, *(_csv_text(label) for label in self.labels)])
            else:
                self.csv.writerow([*HEADER, *self.ids])
            self._header_due = False

    def finish(self) -> None:
        self._header()

    def clean_row(self, ident: str, result: EvaluationResult) -> None:
        """The row of a result of the fast path (complete, no problem): what :meth:`row` writes for it, with
        none of its cases (tests/outputs/test_rows.py holds the two to the same text)."""
        if self.csv is None or self._header_due:
            self.row(ident, result, [], True)
            return
        scores = result.scores()
        numbers = self._numbers
        if self._ordered is None:  # the generated function builds every result's scores in one key order
            self._ordered = tuple(scores) == self.ids
        cells = list(map(numbers.__getitem__, scores.values() if self._ordered else map(scores.__getitem__, self.ids)))
        for index in self._negated:
            value = scores[self.ids[index]]
            cells[index] = numbers[None if value is None else value.copy_negate()]
        grade = result.grade or ""
        grade_text = self._grades.get(grade)
        if grade_text is None:
            grade_text = self._grades.setdefault(grade, csv_cell(_csv_text(grade)))
        scored = "," + ",".join(cells) if cells else ""
        self.out.write(f"{csv_cell(_csv_text(ident))},true,{number_text(result.total)},{grade_text},,{scored}\r\n")

    def scored_row(self, ident: str, total: Decimal, grade: str | None, scores: tuple[Decimal, ...]) -> None:
        """A clean CSV row from its values alone (a batch's row function, cli/batch_cells.py): ``scores`` in
        the order of ``ids``; what :meth:`clean_row` writes for the result of the same values."""
        self._header()
        numbers = self._numbers
        cells = list(map(numbers.__getitem__, scores))
        for index in self._negated:
            cells[index] = numbers[scores[index].copy_negate()]
        grade = grade or ""
        grade_text = self._grades.get(grade)
        if grade_text is None:
            grade_text = self._grades.setdefault(grade, csv_cell(_csv_text(grade)))
        scored = "," + ",".join(cells) if cells else ""
        ident_text = ident if ident.isascii() and _PLAIN_ID(ident) is not None else csv_cell(_csv_text(ident))
        self.out.write(f"{ident_text},true,{number_text(total)},{grade_text},,{scored}\r\n")

    def row(
        self, ident: str, result: EvaluationResult | None, problems: list[Diagnostic], complete: bool | None = None
    ) -> None:
        """One row; ``complete`` is ``result.complete`` when the caller has it already."""
        self._header()
        codes = [listed_code(problem) for problem in problems]
        grade: str | None
        scores: Mapping[str, Decimal | None]
        if result is None:
            total, grade, complete, scores = None, None, False, dict.fromkeys(self.ids)
        else:
            total, grade, scores = result.total, result.grade, result.scores()
            if complete is None:
                complete = result.complete
        remark = "" if complete else note(result, self.lang)
        if self.csv is not None:
            cells = list(map(self._numbers.__getitem__, map(scores.__getitem__, self.ids)))
            for index in self._negated:
                value = scores[self.ids[index]]
                cells[index] = self._numbers[None if value is None else value.copy_negate()]  # exact, no context
            grade_text = self._grades.get(grade or "")
            if grade_text is None:
                grade_text = self._grades.setdefault(grade or "", csv_cell(_csv_text(grade or "")))
            # Joined here rather than by csv.writer (a third of a row's formatting): the numbers never need
            # quotes, the texts are quoted by csv_cell as the writer would (tests/outputs/test_rows.py).
            remarks = f"{csv_cell(remark)},{csv_cell(' '.join(codes))}" if remark or codes else ","  # a final row: ","
            scored = "," + ",".join(cells) if cells else ""
            self.out.write(
                f"{csv_cell(_csv_text(ident))},{'true' if complete else 'false'},{number_text(total)},{grade_text},"
                f"{remarks}{scored}\r\n"
            )
            return
        fields = ", ".join(f"{json.dumps(key)}: {_json_number(scores[key])}" for key in self.ids)
        self.out.write(
            f'{{"id": {_json_text(ident)}, "complete": {"true" if complete else "false"}, '
            f'"total": {_json_number(total)}, "grade": {_json_text(grade)}, "note": {_json_text(remark or None)}, '
            f'"problems": {json.dumps(codes)}, "scores": {{{fields}}}}}\n'
        )
