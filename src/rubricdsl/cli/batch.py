"""``rubric eval RUBRIC many.jsonl|many.csv``: score one project per line or row, streaming.

Input is read and results are written one record at a time, so memory stays flat for any number of
projects.  Each output row is: ``id`` (the record's ``$id`` or ``id`` field, else its line number),
``total``, ``grade``, ``complete``, ``problems`` (diagnostic codes, if any), then one column per indicator.
Numbers are written exactly (the Decimal's own digits).  On a terminal, a progress bar runs on stderr.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from rubricdsl.compiled import CompiledRubric
from rubricdsl.diagnostics import Diagnostic, messages
from rubricdsl.results.model import EvaluationResult

BATCH_SUFFIXES = (".jsonl", ".csv")
ID_KEYS = ("$id", "id")
_PROGRESS_EVERY = 0.1  # seconds between progress-bar updates


class Record:
    """One project read from the input: its id, its facts, or why it could not be read."""

    __slots__ = ("facts", "ident", "problem")

    def __init__(self, ident: str, facts: Any, problem: Diagnostic | None = None) -> None:
        self.ident = ident
        self.facts = facts
        self.problem = problem


def output_format(requested: str | None, facts: Path, output: Path | None) -> str:
    """``csv`` or ``jsonl``: as asked; else the output file's suffix; else the same as the input."""
    if requested in ("csv", "jsonl"):
        return requested
    if requested == "json":
        return "jsonl"
    if output is not None and output.suffix.lower() in BATCH_SUFFIXES:
        return output.suffix.lower()[1:]
    return facts.suffix.lower()[1:]


# ---- reading ---------------------------------------------------------------------------------------------
def _lines(handle: IO[bytes], counter: list[int]) -> Iterator[str]:
    """Decoded lines, counting the bytes consumed for the progress bar."""
    first = True
    for raw in handle:
        counter[0] += len(raw)
        line = raw.decode("utf-8-sig" if first else "utf-8")
        first = False
        yield line


def _take_id(facts: dict[str, Any], fallback: str, declared: frozenset[str]) -> str:
    for key in ID_KEYS:
        if key in facts and key not in declared:
            value = facts.pop(key)
            return str(value) if value is not None else fallback
    return fallback


def read_jsonl(lines: Iterator[str], declared: frozenset[str]) -> Iterator[Record]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            facts = json.loads(line, parse_float=Decimal, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:
            detail = f"line {number}: invalid JSON ({error})"
            yield Record(str(number), None, messages.make("F407", None, detail=detail))
            continue
        if isinstance(facts, dict):
            yield Record(_take_id(facts, str(number), declared), facts)
        else:
            yield Record(str(number), facts)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"`{name}` is not a number a fact can have")


def read_csv(lines: Iterator[str], declared: frozenset[str]) -> Iterator[Record]:
    """CSV cells are text: FactSchema reads "true"/"是", "95%" or 0.95, "500000"; an empty cell is absent."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return
    columns = [name.strip() for name in header]
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        facts: dict[str, Any] = {}
        for column, cell in zip(columns, row, strict=False):
            if column and cell.strip():
                facts[column] = cell
        marked = facts.get("not_applicable")
        if isinstance(marked, str):
            facts["not_applicable"] = [part for part in marked.replace("、", ";").split(";") if part.strip()]
        yield Record(_take_id(facts, str(reader.line_num), declared), facts)


# ---- writing ---------------------------------------------------------------------------------------------
def _number(value: Decimal | None) -> str:
    """Every digit, no exponent, no trailing zeros (``normalize`` would round to the context's 28 digits)."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class _Writer:
    def __init__(self, out: IO[str], kind: str, ids: tuple[str, ...]) -> None:
        self.out = out
        self.kind = kind
        self.ids = ids
        self.csv = csv.writer(out, lineterminator="\n") if kind == "csv" else None
        if self.csv is not None:
            self.csv.writerow(["id", "total", "grade", "complete", "problems", *ids])

    def row(self, ident: str, result: EvaluationResult | None, problems: list[Diagnostic]) -> None:
        codes = [problem.code for problem in problems]
        grade: str | None
        scores: Mapping[str, Decimal | None]
        if result is None:
            total, grade, complete, scores = None, None, False, dict.fromkeys(self.ids)
        else:
            total, grade, complete, scores = result.total, result.grade, result.complete, result.scores()
        if self.csv is not None:
            self.csv.writerow(
                [ident, _number(total), grade or "", "true" if complete else "false", " ".join(codes)]
                + [_number(scores[ident]) for ident in self.ids]
            )
            return
        fields = ", ".join(f"{json.dumps(key)}: {_json_number(scores[key])}" for key in self.ids)
        self.out.write(
            f'{{"id": {json.dumps(ident, ensure_ascii=False)}, "total": {_json_number(total)}, '
            f'"grade": {json.dumps(grade, ensure_ascii=False)}, "complete": {"true" if complete else "false"}, '
            f'"problems": {json.dumps(codes)}, "scores": {{{fields}}}}}\n'
        )


def _json_number(value: Decimal | None) -> str:
    return "null" if value is None else _number(value)


# ---- the command -----------------------------------------------------------------------------------------
def run_batch(compiled: CompiledRubric, facts_path: Path, kind: str, out: IO[str], *, progress: bool) -> int:
    """Score every record of ``facts_path`` onto ``out``; returns how many were incomplete."""
    declared = frozenset(compiled.schema.specs)
    size = facts_path.stat().st_size
    consumed = [0]
    incomplete = 0
    with facts_path.open("rb") as handle:
        lines = _lines(handle, consumed)
        records = read_csv(lines, declared) if facts_path.suffix.lower() == ".csv" else read_jsonl(lines, declared)
        writer = _Writer(out, kind, tuple(info.node.id for info in compiled.checked.indicators))
        bar = _Progress(size) if progress else None
        try:
            for count, record in enumerate(records, start=1):
                result = None
                problems: list[Diagnostic] = []
                if record.problem is not None:
                    problems = [record.problem]
                elif not isinstance(record.facts, dict):
                    problems = compiled.validate_facts(record.facts)
                else:
                    result = compiled.evaluate(record.facts)
                    problems = [*result.fact_problems, *result.errors]
                if result is None or not result.complete:
                    incomplete += 1
                writer.row(record.ident, result, problems)
                if bar is not None:
                    bar.update(consumed[0], count)
        finally:
            if bar is not None:
                bar.close()
    return incomplete


class _Progress:
    """A rich progress bar by bytes read, redrawn at most ten times a second."""

    def __init__(self, size: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self.task = self.progress.add_task("scoring", total=max(size, 1))
        self.progress.start()
        self.last = 0.0

    def update(self, consumed: int, count: int) -> None:
        now = time.monotonic()
        if now - self.last >= _PROGRESS_EVERY:
            self.last = now
            self.progress.update(self.task, completed=consumed, description=f"scored {count:,}")

    def close(self) -> None:
        self.progress.stop()


def open_output(path: Path | None) -> IO[str]:
    if path is None:
        return sys.stdout
    return path.open("w", encoding="utf-8", newline="")
