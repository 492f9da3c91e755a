"""`round(x, places)` is bounded at parse time like `rounding`: before, 99999999999 places passed `check`,
then `lint` never finished (a 10^-places fraction) and `eval` failed with E308 and no position."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import rubricdsl
from rubricdsl.cli import main
from rubricdsl.diagnostics.errors import RubricSyntaxError
from rubricdsl.syntax.lower import MAX_ROUNDING_PLACES

TEXT = 'rubric demo "示例" 10\nfact rate "资金到位率": percent\nindicator funds "资金" 10 {{ formula round(rate * 10, {places}) }}\n'


@pytest.mark.parametrize("places", [MAX_ROUNDING_PLACES + 1, 45, 99999999999, 10**39])
def test_too_many_places_are_refused_at_the_literal(places: int) -> None:
    text = TEXT.format(places=places)
    with pytest.raises(RubricSyntaxError) as caught:
        rubricdsl.loads(text)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E142"
    assert diagnostic.span is not None
    assert text[diagnostic.span.start : diagnostic.span.end] == str(places)
    assert diagnostic.hint is not None


@pytest.mark.parametrize("places", [0, 2, MAX_ROUNDING_PLACES])
def test_places_within_the_bound_evaluate_the_same_both_ways(places: int) -> None:
    rubric = rubricdsl.loads(TEXT.format(places=places))
    facts = {"rate": Decimal("0.12345678901234567")}
    expected = (Decimal("1.2345678901234567")).quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    for _ in range(4):  # the fast path is built after a few evaluations
        assert rubric.evaluate(facts).total == expected
    assert rubric.evaluate_closures(facts).total == expected


@pytest.mark.parametrize("command", ["check", "lint", "eval"])
def test_every_command_stops_with_a_positioned_diagnostic(
    command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "demo.rubric"
    path.write_text(TEXT.format(places=99999999999), encoding="utf-8")
    facts = tmp_path / "facts.json"
    facts.write_text('{"rate": 0.5}', encoding="utf-8")
    args = [command, str(path), *([str(facts)] if command == "eval" else []), "--lang", "en"]
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    assert exited.value.code in (1, 2)
    assert "E142" in out + err
    assert "demo.rubric:3:" in out + err
