"""outputs.rows: spreadsheet formulas from the data are made inert; our own numbers stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import rubricdsl
from rubricdsl.cli import app
from rubricdsl.compiled import CleanResult
from rubricdsl.outputs.rows import RowWriter, csv_cell, neutralise_formula, number_text, writer_for

GOLDEN = Path(__file__).parent / "golden"

RUBRIC = """rubric demo "示例" 10
fact penalty "扣分": number
indicator a "扣分项" 10 {
  score penalty: > 0 -> 10; else 0
}
"""


def test_formula_starts_get_a_quote() -> None:
    for text in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx"):
        assert neutralise_formula(text) == "'" + text
    assert neutralise_formula("项目-01") == "项目-01" and neutralise_formula("") == ""


def test_scores_are_numbers_and_the_id_is_inert() -> None:
    compiled = rubricdsl.loads(RUBRIC)
    result = compiled.evaluate({"penalty": Decimal(1)})
    out = io.StringIO()
    writer = RowWriter(out, "csv", ("a",), "en")
    writer.row("=cmd|' /C calc'!A0", result, [])
    header, row = out.getvalue().splitlines()
    assert header == "id,complete,total,grade,note,problems,a"
    cells = row.split(",")
    assert cells[0] == "'=cmd|' /C calc'!A0"
    assert (cells[1], cells[2], cells[-1]) == ("true", "10", "10")
    assert number_text(Decimal("-5")) == "-5"  # our own numbers never pass through neutralise_formula


# ---- a penalty's column says what it does to the total ----------------------------------------------------------
PENALTY_RUBRIC = """rubric pen "罚分示例" 10
fact rate "预算执行率": percent
fact violation_count "违规次数": count
fact award "获得表彰": bool
indicator budget "预算执行" 10 { proportional rate against 100% }
penalty violations "违规减分" 4 { formula 2 * violation_count }
bonus bonus_award "表彰加分" 2 { when award -> 2; else 0 }
"""
# A: 90% of 10 is 9, one violation takes 2 off: 7 (中).  B: 10, nothing off.  C: 10, three violations would take
# 6, held to the cap 4; the award adds 2: 10 − 4 + 2 = 8 (良).  Grades: the default bands (优 ≥ 90% of the full
# score, 良 ≥ 80%, 中 ≥ 60%).
PENALTY_FACTS = "id,rate,violation_count,award\nA,90%,1,false\nB,100%,0,false\nC,100%,3,true\n"


def test_a_penalty_column_is_negative_in_csv_and_the_api_keeps_its_value(tmp_path: Path) -> None:
    rubric = tmp_path / "pen.rubric"
    rubric.write_text(PENALTY_RUBRIC, encoding="utf-8")
    facts = tmp_path / "pen.csv"
    facts.write_text(PENALTY_FACTS, encoding="utf-8")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.csv"
        run = CliRunner().invoke(app, ["eval", str(rubric), str(facts), "-o", str(out), "--jobs", jobs])
        assert run.exit_code == 0, run.stderr
        assert out.read_bytes() == (GOLDEN / "penalty-rows.csv").read_bytes()
    compiled = rubricdsl.loads(PENALTY_RUBRIC)
    result = compiled.evaluate({"rate": "90%", "violation_count": 1, "award": False})
    assert result.scores()["violations"] == 2  # the penalty's own value: what the API documents


def test_a_penalty_of_zero_and_a_huge_penalty_are_written_exactly() -> None:
    compiled = rubricdsl.loads(PENALTY_RUBRIC)
    result = compiled.evaluate({"rate": "100%", "violation_count": 0, "award": False})
    out = io.StringIO()
    writer = writer_for(compiled, out, "csv", "en")
    writer.row("Z", result, [])
    assert out.getvalue().splitlines()[1].split(",")[-2] == "0"  # not "-0"
    digits = Decimal("1234567890123456789012345678901234567890.5")  # more digits than the default context keeps
    out = io.StringIO()
    writer = RowWriter(out, "csv", ("p", "q"), "en", penalties={"p"})
    writer.row("W", _Scored(digits, {"p": digits, "q": digits}), [])  # type: ignore[arg-type]
    assert out.getvalue().splitlines()[1].split(",")[-2:] == ["-" + format(digits, "f"), format(digits, "f")]


class _Scored:
    """What RowWriter reads of a result."""

    def __init__(self, total: Decimal, scores: dict[str, Decimal]) -> None:
        self.total, self.grade, self.complete, self._scores = total, "", True, scores

    def scores(self) -> dict[str, Decimal]:
        return self._scores


# ---- cells joined by hand are the cells csv.writer writes ------------------------------------------------------
CELL_TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\r\n\t=-项')), max_size=6)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(CELL_TEXT, min_size=2, max_size=4))
def test_a_cell_is_quoted_as_csv_writer_quotes_it(cells: list[str]) -> None:
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerow(cells)
    assert ",".join(map(csv_cell, cells)) + "\r\n" == expected.getvalue()


@settings(max_examples=100, deadline=None)
@given(ident=CELL_TEXT, grade=CELL_TEXT)
def test_a_row_reads_back_as_its_cells(ident: str, grade: str) -> None:
    compiled = rubricdsl.loads(RUBRIC)
    result = compiled.evaluate({"penalty": Decimal("1.50")})
    result.grade = grade  # any text, to test the quoting
    out = io.StringIO()
    writer = RowWriter(out, "csv", ("a",), "en")
    writer.row(ident, result, [])
    writer.row(ident, None, [])
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[1] == [neutralise_formula(ident), "true", "10", neutralise_formula(grade), "", "", "10"]
    assert rows[2] == [neutralise_formula(ident), "false", "", "", "not scored: the record could not be read", "", ""]


CLEAN_RUBRIC = """rubric clean "示例" 10
fact rate "预算执行率": percent
fact events "活动次数": count
indicator budget "预算执行" 6 { proportional rate against 100% }
indicator activity "活动" 4 {
  score events: >= 12 -> 4; >= 6 -> 2.5; else 0
}
"""


@settings(max_examples=60, deadline=None)
@given(
    facts=st.lists(
        st.fixed_dictionaries(
            {"rate": st.sampled_from(["0%", "35.5%", "90%", "100%", "0.125"]), "events": st.integers(0, 20)}
        ),
        min_size=1,
        max_size=8,
    ),
    header=st.booleans(),
)
def test_a_clean_row_is_the_row_of_its_result(facts: list[dict[str, object]], header: bool) -> None:
    """clean_row writes what row writes for a fast-path result: the scores in order, the grade's cell, the
    header first when one is due."""
    compiled = rubricdsl.loads(CLEAN_RUBRIC)
    compiled._generate_fast_path()
    general, clean = io.StringIO(), io.StringIO()
    writers = (
        writer_for(compiled, general, "csv", "en", header=header),
        writer_for(compiled, clean, "csv", "en", header=header),
    )
    for index, fact_set in enumerate(facts):
        result = compiled.evaluate(fact_set)
        assert isinstance(result, CleanResult)  # a fast-path result: what clean_row is given
        writers[0].row(f"P{index}", result, [], True)
        writers[1].clean_row(f"P{index}", result)
    assert clean.getvalue() == general.getvalue()


@given(
    text=st.text(alphabet=st.sampled_from(["a", "1", " ", "=", "+", "-", "@", "\t", "\r", "\n", ",", '"', "'", "项"]))
)
def test_an_id_taken_as_it_is_is_what_the_cell_rules_give(text: str) -> None:
    """scored_row's shortcut for the id cell: a text it writes as it is, csv_cell(_csv_text(...)) leaves alone."""
    from rubricdsl.outputs.rows import _PLAIN_ID, _csv_text

    if text.isascii() and _PLAIN_ID(text) is not None:
        assert csv_cell(_csv_text(text)) == text
