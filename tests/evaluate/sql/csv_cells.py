"""Shared by the CSV differential tests (beside helpers.py, which is long enough): a hypothesis strategy writing a
fact's value as a CSV cell in every spelling the facts layer reads, and bad cells; and both engines run on one
CSV file through the command line, compared row by row."""

from __future__ import annotations

import csv
import datetime
import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from pydantic_core import PydanticCustomError
from typer.testing import CliRunner

from rubricdsl.cli import app
from rubricdsl.evaluate.sql.types import COLUMN_TYPES
from rubricdsl.inputs.fact_values import _decimal, parse_count, parse_money, parse_percent
from rubricdsl.ir.nodes import Input

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SPACES = ("", " ", "\t", "\u3000", "\xa0")
BAD_NUMBERS = ("abc", "1e3", "1,5", "1,0000", "--1", "1.2.3", "%", "万元", "0x10", "NaN", "Infinity", "1 2")


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _grouped(text: str) -> str:
    """``1234567.5`` → ``1,234,567.5`` (the sign and fraction kept)."""
    sign = text[0] if text[:1] in "+-" else ""
    whole, dot, fraction = text[len(sign) :].partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + ",".join([whole, *groups]) + dot + fraction


def _number_spellings(text: str) -> st.SearchStrategy[str]:
    """``text`` (a plain decimal) as written by hand: a sign, leading or trailing zeros, ``.5``, thousands
    separators, full-width digits."""
    variants = [text, text + "0" if "." in text else text + ".", "00" + text.lstrip("+-") if text[0] != "-" else text]
    if text.startswith("0."):
        variants.append(text[1:])
    if text[0] not in "+-":
        variants.append("+" + text)
    if len(text.split(".")[0].lstrip("+-")) > 3:
        variants += [_grouped(text), _grouped(text).replace(",", "，")]
    variants.append(text.translate(FULLWIDTH))
    return st.sampled_from(variants)


def _surrounded(cells: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(SPACES), cells, st.sampled_from(SPACES)).map(lambda p: p[0] + p[1] + p[2])


def _too_many_digits(kind: str) -> list[str]:
    wanted = COLUMN_TYPES[kind]
    return [
        "1" * (wanted.digits + 1),  # beyond the SQL type: F411 there, a value in Python (or its F404/F405)
        "0." + "1" * (wanted.scale + 1),
        "1" * 41,  # beyond the facts layer: F411 in both
        "0." + "0" * 40 + "1",
        "0" * 61,  # more than 60 characters: F403 in both
    ]


def cell_text(fact: Input, value: Any) -> st.SearchStrategy[str]:
    """A CSV cell for ``value`` of ``fact`` in a spelling the facts layer reads, or (sometimes) a bad one."""
    if value is None:
        return st.sampled_from(["", " ", "\u3000"])
    if fact.kind == "bool":
        yes = ["true", "TRUE", "True", "是", "有", "√"]
        no = ["false", "FALSE", "False", "否", "无", "×", "falſe"]
        good = _surrounded(st.sampled_from(yes if value else no))
        return st.one_of(good, good, st.sampled_from(["1", "0", "yes", "no", "t", "真"]))
    if fact.kind == "enum":
        return st.one_of(_surrounded(st.just(str(value))), st.just("其他"))
    if fact.kind == "date":
        day = value if isinstance(value, datetime.date) else datetime.date.fromordinal(int(value))
        spellings = [
            day.isoformat(),
            f"{day.year:04}/{day.month}/{day.day}",
            f"{day.year:04}年{day.month}月{day.day}日",
        ]
        return st.one_of(_surrounded(st.sampled_from(spellings)), st.sampled_from(["2021-02-30", "44561", "明天"]))
    if fact.kind == "text":
        return st.just(str(value))
    number = Decimal(value)
    good: list[st.SearchStrategy[str]] = [_number_spellings(_plain(number))]
    if fact.kind == "percent":
        whole = _plain(number.scaleb(2).normalize()) if number else "0"
        good.append(st.sampled_from([f"{whole}%", f"{whole} %", f"{whole}％"]))
    if fact.kind == "money":
        in_yuan = number * fact.unit_scale
        good.append(st.sampled_from([f"{_plain(in_yuan)}元", f"{_plain((in_yuan / 10000).normalize())}万元"]))
        good.append(st.just(f"{_plain((in_yuan / 10000).normalize())} 万"))
    bad = st.sampled_from([*BAD_NUMBERS, *_too_many_digits(fact.kind), "-1", "1.5", "5", "150%"])
    return st.one_of(*(_surrounded(strategy) for strategy in good), bad)


def python_reading(fact: Input, cell: str) -> Decimal | None:
    """The value (in the fact's unit) the facts layer reads from a numeric cell, bounds aside; None if it
    reads none."""
    try:
        if fact.kind == "percent":
            return parse_percent(cell)
        if fact.kind == "count":
            return parse_count(cell)
        if fact.kind == "money":
            return parse_money(cell, fact.unit_scale) / fact.unit_scale
        return _decimal(cell)
    except (PydanticCustomError, ArithmeticError, ValueError):
        return None


def beyond_sql(fact: Input, cell: str) -> bool:
    """Whether the facts layer reads a value from ``cell`` that the kind's SQL type cannot hold (the SQL
    engine's F411 for that row, where Python has the value)."""
    if fact.kind not in ("money", "percent", "number", "count") or not cell.strip():
        return False
    value = python_reading(fact, cell)
    if value is None:
        return False
    wanted = COLUMN_TYPES[fact.kind]
    return abs(value) >= Decimal(10) ** wanted.digits or value != value.quantize(Decimal(1).scaleb(-wanted.scale))


runner = CliRunner()


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], line_end: str = "\r\n") -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator=line_end).writerows([header, *rows])


def eval_both(rubric: Path, facts: Path, tmp_path: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The rows of ``rubric eval R facts.csv -o py.csv`` and of ``--engine sql -o sql.csv``."""
    outputs = []
    for engine in ("python", "sql"):
        output = tmp_path / f"{engine}.csv"
        result = runner.invoke(app, ["eval", str(rubric), str(facts), "--engine", engine, "-o", str(output)])
        assert result.exit_code in (0, 1), (engine, result.exit_code, result.stderr)
        with output.open(encoding="utf-8", newline="") as handle:
            outputs.append(list(csv.DictReader(handle)))
    return outputs[0], outputs[1]


SQL_SCALE = 10  # the SQL engine's default --scale: its numbers are rounded once, half-even, there


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _shown(text: str) -> Decimal | None:
    """A Python score (every digit) as the SQL engine writes it."""
    value = _number(text)
    return None if value is None else value.quantize(Decimal(1).scaleb(-SQL_SCALE), rounding=decimal.ROUND_HALF_EVEN)


def assert_rows_agree(
    python_rows: Sequence[Mapping[str, str]],
    sql_rows: Sequence[Mapping[str, str]],
    indicators: Sequence[str],
    renamed: Mapping[str, int] | None = None,
) -> None:
    """Row by row (by id): every score, the total, grade, complete and the problem codes equal.  ``renamed``
    gives, per id, how many of Python's F403s the SQL engine reports as F411 (a cell beyond its type that the
    Python side was given as a bad cell instead)."""
    assert len(python_rows) == len(sql_rows)
    by_id = {row["id"]: row for row in sql_rows}
    assert len(by_id) == len(sql_rows)
    for expected in python_rows:
        found = by_id[expected["id"]]
        codes = sorted(expected["problems"].split())
        for _ in range((renamed or {}).get(expected["id"], 0)):
            codes.remove("F403")
            codes.append("F411")
        shown = {
            "total": _number(found["total"]),
            "grade": found["grade"],
            "complete": found["complete"],
            "problems": sorted(code.split(":")[0] for code in found["problems"].split()),
            **{ident: _number(found[ident]) for ident in indicators},
        }
        wanted = {
            "total": _shown(expected["total"]),
            "grade": expected["grade"],
            "complete": expected["complete"],
            "problems": sorted(codes),
            **{ident: _shown(expected[ident]) for ident in indicators},
        }
        assert shown == wanted, expected["id"]
